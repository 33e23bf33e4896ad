/**
 * The simulator's small sky: well-known sources with their coordinates, the
 * resolver a real lookup would credit, and how Swift observes them. It answers
 * `Swift_Resolve` and fills the as-flown timeline of `Swift_AFST`.
 */
import type { Position } from "./Sky.js"

/** A well-known source. */
export interface Source extends Position {
  /** The name `Swift_Resolve` answers with. */
  readonly name: string
  /** Other names it is known by. */
  readonly aliases: ReadonlyArray<string>
  /** Who resolved the name: "Simbad", "NED" or "Swift GRB table". */
  readonly resolver: string
  /** Swift's target ID. */
  readonly targetid: number
  /** XRT mode: 6 windowed timing (bright sources), 7 photon counting. */
  readonly xrt: 6 | 7
  /** Figure of merit. */
  readonly fom: number
  /** "AT" (automatic target: bursts, TOOs) or "PPT" (pre-planned target). */
  readonly obstype: "AT" | "PPT"
}

const source = (
  name: string,
  ra: number,
  dec: number,
  targetid: number,
  details: Partial<Pick<Source, "aliases" | "resolver" | "xrt" | "fom" | "obstype">> = {}
): Source => ({
  name,
  ra,
  dec,
  targetid,
  aliases: details.aliases ?? [],
  resolver: details.resolver ?? "Simbad",
  xrt: details.xrt ?? 7,
  fom: details.fom ?? 50,
  obstype: details.obstype ?? "PPT"
})

/** Every source the simulator knows, in no particular order. */
export const sources: ReadonlyArray<Source> = [
  source("Crab", 83.63308, 22.0145, 30395, {
    aliases: ["M1", "Crab Nebula", "Crab Pulsar"],
    xrt: 6,
    fom: 80
  }),
  source("Sgr A*", 266.41684, -29.00781, 91094, { aliases: ["Sagittarius A*", "SgrA*"], obstype: "AT" }),
  source("M31", 10.68471, 41.26875, 35262, { aliases: ["Andromeda Galaxy", "NGC 224"], resolver: "NED" }),
  source("GRB 221009A", 288.26454, 19.7735, 1126853, {
    aliases: ["Swift J1913.1+1946"],
    resolver: "Swift GRB table",
    fom: 200,
    obstype: "AT"
  }),
  source("Cyg X-1", 299.59032, 35.2016, 30008, { aliases: ["Cygnus X-1"], xrt: 6 }),
  source("Vela Pulsar", 128.83588, -45.17635, 30342, { aliases: ["PSR B0833-45", "PSR J0835-4510"] }),
  source("M87", 187.70593, 12.39112, 35459, { aliases: ["Virgo A", "NGC 4486"], resolver: "NED" }),
  source("SN 1987A", 83.86675, -69.26974, 30079, { aliases: ["SN1987A"] }),
  source("Eta Carinae", 161.26477, -59.68445, 31076, { aliases: ["eta Car"] }),
  source("Mrk 421", 166.11381, 38.20883, 30352, { aliases: ["Markarian 421"], resolver: "NED", xrt: 6 }),
  source("Mrk 501", 253.46757, 39.76017, 30793, { aliases: ["Markarian 501"], resolver: "NED" }),
  source("3C 273", 187.27792, 2.05239, 30374, { resolver: "NED" }),
  source("Sco X-1", 244.97955, -15.64022, 30843, { aliases: ["Scorpius X-1"], xrt: 6 }),
  source("M13", 250.42346, 36.46132, 35887, { aliases: ["NGC 6205", "Hercules Globular Cluster"] }),
  source("V404 Cyg", 306.01592, 33.8672, 31381, { aliases: ["GS 2023+338"], fom: 150, obstype: "AT" }),
  source("Swift J1644+57", 251.20542, 57.58094, 450158, { resolver: "NED", obstype: "AT" }),
  source("Cas A", 350.85, 58.815, 30393, { aliases: ["Cassiopeia A"] }),
  source("SMC X-1", 19.27125, -73.44333, 30354)
]

/** A name folded for lookup: case, spaces and underscores do not matter ("sgr a*", "SgrA*", "M 31"). */
const fold = (name: string): string => name.toLowerCase().replace(/[\s_]+/g, "")

const byName: ReadonlyMap<string, Source> = new Map(
  sources.flatMap((entry) => [entry.name, ...entry.aliases].map((name) => [fold(name), entry] as const))
)

/** The source a name or alias denotes, if the catalogue has it. */
export const resolve = (name: string): Source | undefined => byName.get(fold(name))
