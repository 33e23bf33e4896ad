/**
 * The Swift TOO API (1.2) as a Source: its jobs' lifecycle and how it asks to
 * be polled.
 */
import * as Lifecycle from "../Lifecycle.js"
import * as Source from "../Source.js"

/** Swift TOO jobs: Unknown → Queued → Processing → Accepted, or Rejected from any of them. */
export const lifecycle: Lifecycle.Lifecycle = Lifecycle.make("Swift TOO job", [
  ["pending", "queued"],
  ["queued", "running"],
  ["running", "succeeded"],
  ["pending", "failed"],
  ["queued", "failed"],
  ["running", "failed"]
])

/**
 * The Swift TOO API's queue. Requests wait in it for seconds and are
 * processed in seconds: polled from 1 s, and 15 s is the longest anyone
 * should wait to hear the outcome.
 */
export const source: Source.Source = Source.make({
  id: "too",
  name: "Swift TOO",
  lifecycle,
  polling: { floor: 1_000, politeFloor: 1_000, ceiling: 15_000 }
})
