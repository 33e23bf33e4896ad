import { readdirSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

/** The core's fixtures: every example of the seed documents, as JSON files. */
const root = fileURLToPath(new URL("../../core/test/fixtures/", import.meta.url))

/** Every fixture, as `<api>/<name>` (such as `ukssdc/status-full`), sorted. */
export const fixtureNames: ReadonlyArray<string> = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((api) =>
    readdirSync(`${root}${api.name}`)
      .filter((file) => file.endsWith(".json"))
      .map((file) => `${api.name}/${file.slice(0, -".json".length)}`)
  )
  .sort()

/** The text of a fixture. */
export const fixtureText = (name: string): string => readFileSync(`${root}${name}.json`, "utf8")

/** The parsed JSON of a fixture (a fresh copy each time). */
export const fixture = (name: string): unknown => JSON.parse(fixtureText(name))
