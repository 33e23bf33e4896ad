/** The Swift TOO request the tests send (the simulator's example), as a `--data` file. */
import { writeFileSync } from "node:fs"
import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Too } from "@jobscope/simulator"

/** A TOO request's fields (a supernova light curve), as a `--data` file. */
export const requestFile = async (): Promise<string> => {
  const path = join(await mkdtemp(join(tmpdir(), "jobscope-e2e-")), "request.json")
  writeFileSync(path, JSON.stringify(Too.supernovaRequest))
  return path
}
