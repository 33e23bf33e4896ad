/**
 * Fault injection, per route and deterministic by seed. A rule names a route
 * (`ukssdc.status`), a family (`ukssdc.*`) or every API route (`*`), a fault,
 * and when it fires: on the next N matching requests (`times`), on each with
 * a seeded `probability`, or, with neither, on every one.
 *
 * Rules are set from code (`sim.faults.inject(...)`), over HTTP at
 * `/_sim/faults`, or from the command line as a compact spec:
 *
 * ```text
 * ukssdc.status=503x3               the next 3 status requests get 503
 * too.submit=429:retry-after=30     every TOO request gets 429, Retry-After: 30
 * *=reset@0.05                      each API request has its connection reset with probability 0.05
 * tom.status=latency:200-800ms      every TOM status reply waits 200–800 ms (seeded)
 * ```
 *
 * Latency adds up and delays whatever follows; of the other faults, the first
 * matching rule that fires decides the reply. The simulator's own paths
 * (`/_sim/...`) are never faulted.
 */
export * from "./Admin.js"
export * from "./Fault.js"
export * from "./Rules.js"
export * from "./Spec.js"
