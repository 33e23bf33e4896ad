import { defineConfig } from "vite"

/**
 * A static page: `index.html` and its hashed assets in `dist/`, with relative
 * paths (`base: "./"`) so that it works wherever it is served from — at `/`
 * by the simulator, or under any path of another server.
 */
export default defineConfig({
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022"
  }
})
