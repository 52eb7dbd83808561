import { fileURLToPath, URL } from "node:url";

import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vite";

// `python dev.py` starts this server with the port from CLIENT_PORT and the API's address in
// VITE_API_URL (see src/config.js); `npm run dev` alone uses the ports the project was made with.
export default defineConfig({
  plugins: [vue()],
  resolve: {
    // `import { useAuthStore } from "@/stores/auth"`: @ is src/, wherever the importing file
    // is (jsconfig.json tells editors the same).
    alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  clearScreen: false,
  server: {
    // Another program on the port: stop with its name rather than move to another port, which
    // would be an origin the API does not allow.
    strictPort: true,
  },
});
