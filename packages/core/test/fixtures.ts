import { readdirSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("./fixtures/", import.meta.url))

/** The text of `test/fixtures/<api>/<name>.json`. */
export const fixtureText = (api: string, name: string): string =>
  readFileSync(`${root}${api}/${name}.json`, "utf8")

/** The parsed JSON of `test/fixtures/<api>/<name>.json`. */
export const fixture = (api: string, name: string): unknown => JSON.parse(fixtureText(api, name))

/** The names of every fixture of an API, without `.json`. */
export const fixtureNames = (api: string): ReadonlyArray<string> =>
  readdirSync(`${root}${api}`)
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort()
