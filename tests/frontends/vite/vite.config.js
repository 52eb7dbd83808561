import { defineConfig } from "vite";

// Port and host come from the command line (--port, --host); the tests pick a free port.
export default defineConfig({
  clearScreen: false,
  // No file watcher: the tests edit nothing while a page is open, and a reload mid-test (the
  // sources rewritten for another worker's server, say) would destroy the page's context.
  server: { strictPort: true, watch: null },
});
