import { mkdirSync, writeFileSync } from "node:fs"
import { defineConfig } from "tsup"
import { perModule } from "../../tsup.shared.js"

export default defineConfig({
  ...perModule,
  // The JSON Schemas are generated from the built schemas, so that they are
  // always the ones this build checks with: dist/json-schema/<name>.json.
  onSuccess: async () => {
    const { names, make } = await import(new URL("./dist/JsonSchema.js", import.meta.url).href)
    mkdirSync(new URL("./dist/json-schema/", import.meta.url), { recursive: true })
    for (const name of names as ReadonlyArray<string>)
      writeFileSync(
        new URL(`./dist/json-schema/${name}.json`, import.meta.url),
        `${JSON.stringify(make(name), null, 2)}\n`
      )
  }
})
