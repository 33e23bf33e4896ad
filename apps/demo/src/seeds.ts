import { readdirSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

/** One example reply from the API documents, as text. */
export interface Seed {
  readonly api: "ukssdc" | "too" | "tom"
  readonly name: string
  readonly text: string
}

/** Where the core keeps the seed examples as test fixtures. */
const fixtures = fileURLToPath(new URL("../../../packages/core/test/fixtures/", import.meta.url))

/** Every example of an API, by file name. */
export const seeds = (api: Seed["api"]): ReadonlyArray<Seed> =>
  readdirSync(`${fixtures}${api}`)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => ({
      api,
      name: file.slice(0, -".json".length),
      text: readFileSync(`${fixtures}${api}/${file}`, "utf8")
    }))
