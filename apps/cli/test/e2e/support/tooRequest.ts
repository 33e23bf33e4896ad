/** The Swift TOO requests the tests send (the simulator's examples, API 1.2 and REST), as `--data` files. */
import { writeFileSync } from "node:fs"
import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Too, TooRest } from "@jobscope/simulator"

/** A TOO request's fields (a supernova light curve), as a `--data` file. */
export const requestFile = async (): Promise<string> => {
  const path = join(await mkdtemp(join(tmpdir(), "jobscope-e2e-")), "request.json")
  writeFileSync(path, JSON.stringify(Too.supernovaRequest))
  return path
}

/** A TOO request's fields as the REST API names them (the same supernova), as a `--data` file. */
export const submissionFile = async (): Promise<string> => {
  const path = join(await mkdtemp(join(tmpdir(), "jobscope-e2e-")), "submission.json")
  writeFileSync(path, JSON.stringify(TooRest.supernovaSubmission))
  return path
}
