/** A Swift TOO request the tests send: a supernova's X-ray light curve, as a `--data` file. */
import { writeFileSync } from "node:fs"
import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"

/** A TOO request's fields (a supernova light curve), as a `--data` file. */
export const requestFile = async (): Promise<string> => {
  const path = join(await mkdtemp(join(tmpdir(), "jobscope-e2e-")), "request.json")
  writeFileSync(
    path,
    JSON.stringify({
      source_name: "SN 2026abc",
      source_type: "Supernova",
      ra: 219.2875,
      dec: -60.8333,
      poserr: 1.5,
      instrument: "XRT",
      urgency: 3,
      immediate_objective: "Follow the X-ray light curve of a young supernova.",
      science_just: "Early X-ray emission traces the progenitor's mass loss.",
      exposure: 6000,
      exp_time_just: "2 ks per visit reaches the expected flux.",
      exp_time_per_visit: 2000,
      num_of_visits: 3,
      monitoring_freq: "1 day",
      xrt_mode: 7,
      uvot_mode: "0x9999",
      obs_type: "Light Curve"
    })
  )
  return path
}
