import { defineConfig } from "vite";

// Port and host come from the command line (--port, --host); the tests pick a free port.
export default defineConfig({
  clearScreen: false,
  server: { strictPort: true },
});
