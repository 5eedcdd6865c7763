// Builds the agent console into web/dist, which `abonado serve` serves with a
// single-page-app fallback. `npm run dev` proxies the API to a local server.
import { defineConfig } from "vite";

const api = process.env.ABONADO_URL ?? "http://127.0.0.1:8080";

export default defineConfig({
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 250,
    rollupOptions: {
      onwarn(warning, warn) {
        // Radix marks its modules "use client" for React Server Components; meaningless here.
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      "/api": api,
      "/tmf-api": api,
      "/health": api,
    },
  },
});
