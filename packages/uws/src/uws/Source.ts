/**
 * UWS as a core Source: its lifecycle, and polling suited to archive
 * queries, which run minutes to hours. Two pacings: {@link source} polls
 * politely, backing off from 2 s to 2 minutes as pyvo's loop does (and faster
 * near a server's `quote`); {@link blockingSource} paces the requests of a
 * UWS 1.1 blocking `WAIT`, where the server holds each request until the
 * phase changes, so the pause between two requests stays short (1 s after a
 * change, never over 10 s).
 */
import { Source } from "@jobscope/core"
import { lifecycle } from "./ExecutionPhase.js"

/** UWS, polled: 1 s polite floor (pyvo's first wait), 2 s floor, ×1.5 while nothing moves, 2 minutes at most (pyvo's longest). */
export const source = Source.make({
  id: "uws",
  name: "UWS",
  lifecycle,
  polling: { politeFloor: 1_000, floor: 2_000, ceiling: 120_000 },
  jobNoun: "UWS job"
})

/**
 * UWS 1.1 with blocking `WAIT`: the pause between two requests, each of
 * which the server holds until the phase changes. 1 s after a change; while
 * the server answers without a change (its `WAIT` ran out, or a HELD or
 * SUSPENDED job it does not block for) it grows ×1.5 up to 10 s, so a job the
 * server will not block for is asked no more often than every 10 s.
 */
export const blockingSource = Source.make({
  id: "uws",
  name: "UWS",
  lifecycle,
  polling: { politeFloor: 1_000, floor: 1_000, ceiling: 10_000 },
  jobNoun: "UWS job"
})
