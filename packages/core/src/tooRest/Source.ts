/**
 * A Swift TOO request through its life, as a Source: not the API's queue
 * (which answers in seconds) but the request itself, which waits hours for a
 * duty scientist's decision, days for its visits, and more for its data.
 */
import * as Lifecycle from "../Lifecycle.js"
import * as Source from "../Source.js"

/**
 * A TOO request's life: submitted (queued for a decision) → approved or
 * scheduled (waiting for its visits) → observing and observed (running) →
 * data available (succeeded); rejected (failed) after submission, withdrawn
 * (cancelled) at any point before the end.
 */
export const lifecycle: Lifecycle.Lifecycle = Lifecycle.make("Swift TOO request", [
  ["pending", "queued"],
  ["queued", "waiting"],
  ["waiting", "running"],
  ["running", "succeeded"],
  ["queued", "failed"],
  // Every visit missed: the planners mark the TOO done with nothing observed.
  ["waiting", "failed"],
  ["running", "failed"],
  ...Lifecycle.fromAnyUnfinished(["cancelled"])
])

const minute = 60_000

/**
 * Swift TOO requests. A decision takes hours and a campaign days, so a
 * request is polled no more than once a minute, from 5 minutes, backing off
 * to an hour while nothing moves, and closing in on the end of the last
 * visit the calendar plans.
 */
export const source: Source.Source = Source.make({
  id: "too-request",
  name: "Swift TOO request",
  lifecycle,
  polling: { politeFloor: minute, floor: 5 * minute, ceiling: 60 * minute, backoff: 1.5 },
  jobNoun: "Swift TOO request"
})
