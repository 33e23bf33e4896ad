/**
 * A status lifecycle as data: a table of the direct moves a task can make
 * between phases (each API's Source carries its own, such as
 * `Ukssdc.lifecycle`). Polls only sample a lifecycle, so any move reachable
 * through the table is legal (a poll can see UKSSDC 1 and then 4); a move that
 * is not reachable, such as 4 → 3 or anything out of a terminal phase, is a
 * regression, which `Job.diff` reports as an `Anomaly` event.
 */
import * as Phase from "./Phase.js"

/** A lifecycle: its name and the direct moves between phases. */
export interface Lifecycle {
  readonly name: string
  /** Direct moves as `[from, to]`; moves reachable through several of them are legal too. */
  readonly moves: ReadonlyArray<readonly [Phase.Phase, Phase.Phase]>
  /** `reachable.get(from)` holds every phase a task in `from` may be seen in next. */
  readonly reachable: ReadonlyMap<Phase.Phase, ReadonlySet<Phase.Phase>>
}

/** How a task moved between two polls, judged against a lifecycle. */
export type Move = "stayed" | "advanced" | "regressed"

const failures: ReadonlyArray<Phase.Phase> = ["failed", "cancelled"]

/** Builds a lifecycle from its direct moves, closing it under "a poll may skip states". */
export const make = (name: string, moves: ReadonlyArray<readonly [Phase.Phase, Phase.Phase]>): Lifecycle => {
  const reachable = new Map<Phase.Phase, Set<Phase.Phase>>()
  for (const from of Phase.Phase.literals) {
    const seen = new Set<Phase.Phase>()
    const frontier: Array<Phase.Phase> = [from]
    for (let at = frontier.pop(); at !== undefined; at = frontier.pop()) {
      for (const [source, target] of moves) {
        if (source === at && !seen.has(target)) {
          seen.add(target)
          frontier.push(target)
        }
      }
    }
    reachable.set(from, seen)
  }
  return { name, moves, reachable }
}

/** Judges the move of one task from `from` to `to`. */
export const judge = (lifecycle: Lifecycle, from: Phase.Phase, to: Phase.Phase): Move =>
  from === to ? "stayed" : lifecycle.reachable.get(from)?.has(to) === true ? "advanced" : "regressed"

/** Whether `from → to` is a legal direct or skipped move. */
export const isLegal = (lifecycle: Lifecycle, from: Phase.Phase, to: Phase.Phase): boolean =>
  judge(lifecycle, from, to) !== "regressed"

/**
 * The moves from every unfinished phase to each of `targets`: "any unfinished
 * task can fail or be cancelled" as `[...Lifecycle.fromAnyUnfinished(["failed", "cancelled"])]`.
 */
export const fromAnyUnfinished = (
  targets: ReadonlyArray<Phase.Phase>
): ReadonlyArray<readonly [Phase.Phase, Phase.Phase]> =>
  Phase.Phase.literals
    .filter((phase) => !Phase.isTerminal(phase))
    .flatMap((from) => targets.map((to) => [from, to] as const))

/** For a job API the core does not know: forward through the phases in their natural order. */
export const generic: Lifecycle = make("job", [
  ["unknown", "pending"],
  ["pending", "queued"],
  ["queued", "waiting"],
  ["waiting", "running"],
  ["running", "succeeded"],
  ...fromAnyUnfinished(failures)
])
