import { writeFile } from "node:fs/promises"
import { defineConfig } from "tsup"
import { perModule } from "../../tsup.shared.js"

export default defineConfig({
  ...perModule,
  // The stylesheet ships as a .css file too, written from the one string in src/Stylesheet.ts.
  onSuccess: async () => {
    const { css } = (await import(`${process.cwd()}/dist/Stylesheet.js`)) as { readonly css: string }
    await writeFile("dist/jobscope.css", css)
  }
})
