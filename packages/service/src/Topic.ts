/**
 * What a webhook can ask to be told about: `phase` (a task changed phase),
 * `done` (the job succeeded), `failed` (it failed or was cancelled), `output`
 * (a task produced or changed an output) and `anomaly` (a move its lifecycle
 * does not allow).
 */
import * as Schema from "effect/Schema"

/** A kind of event a webhook subscribes to. */
export const Topic = Schema.Literals(["phase", "done", "failed", "output", "anomaly"])

/** A kind of event a webhook subscribes to. */
export type Topic = typeof Topic.Type

/** Every topic: what a webhook gets unless it chooses. */
export const all: ReadonlyArray<Topic> = Topic.literals

/** The topics of a stored event, from its kind (`_tag`) and its JSON text. */
export const ofEvent = (kind: string, json: string): ReadonlyArray<Topic> => {
  switch (kind) {
    case "PhaseChanged":
      return ["phase"]
    case "OutputAdded":
    case "OutputChanged":
      return ["output"]
    case "Anomaly":
      return ["anomaly"]
    case "WatchEnded":
      return (JSON.parse(json) as { outcome: string }).outcome === "succeeded" ? ["done"] : ["failed"]
    default:
      return []
  }
}
