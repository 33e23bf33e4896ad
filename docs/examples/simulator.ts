import { start, Ukssdc } from "@jobscope/simulator"

const sim = await start({ speed: 0, seed: 7, faults: ["ukssdc.status=503x1"] }) // a clock only `advance` moves
const post = (endpoint: string, body: object) =>
  fetch(`${sim.url}/user_objects/${endpoint}`, { method: "POST", body: JSON.stringify(body) })
const UserID = "you@example.org"
const submitted = await post("run_userobject.php", { ...Ukssdc.sixProducts, UserID, api_name: "xrt_prods" })
const { JobID } = (await submitted.json()) as { JobID: string }
const ask = () => post("checkProductStatus.php", { UserID, JobID, what: "lc,spec" })
const lightCurve = async () => ((await (await ask()).json()) as { lc: { statusText: string } }).lc.statusText
console.log((await ask()).status) // 503, once: the fault rule
console.log(await lightCurve()) // Requested
sim.advance("2 hours")
console.log(await lightCurve(), sim.requests.perRoute()) // Complete { "ukssdc.submit": 1, "ukssdc.status": 3 }
await sim.close()
