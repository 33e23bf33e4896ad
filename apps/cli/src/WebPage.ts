/**
 * Where the live status page's built files are: `@jobscope/web`'s `dist`,
 * copied next to the executable when the CLI is built.
 */
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"

/** The directory of the page's files, or `undefined` when this build has none. */
export const directory = (): string | undefined => {
  const path = fileURLToPath(new URL("./web/", import.meta.url))
  return existsSync(`${path}index.html`) ? path : undefined
}
