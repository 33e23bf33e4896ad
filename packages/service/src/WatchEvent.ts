/**
 * What a watch reports: every event `Job.diff` finds between two polls, and
 * `WatchEnded` once the job is over (or the watch was cancelled), each with
 * its sequence number within the watch: the id of its SSE message and of its
 * webhook deliveries.
 */
import { Job } from "@jobscope/core"
import * as Schema from "effect/Schema"

/** The watch is over: the job reached an end (`succeeded`, `failed`, `cancelled`), or the watch was cancelled. */
export const WatchEnded = Schema.TaggedStruct("WatchEnded", {
  outcome: Schema.Literals(["succeeded", "failed", "cancelled"])
})

/** The watch is over. */
export interface WatchEnded extends Schema.Schema.Type<typeof WatchEnded> {}

/** An event of a job, or the end of its watch. */
export const Event = Schema.Union([Job.Event, WatchEnded])

/** An event of a job, or the end of its watch. */
export type Event = typeof Event.Type

/** An event as JSON (dates as ISO strings). */
export const EventJson = Schema.toCodecJson(Event)

/** An event as it is stored, streamed and sent to webhooks. */
export const Stored = Schema.Struct({
  watchId: Schema.String,
  /** Its place in the watch's events, from 1: SSE id and part of every delivery id. */
  seq: Schema.Int,
  /** The poll that found it, from 0. */
  poll: Schema.Int,
  /** When it was found, ISO 8601. */
  at: Schema.String,
  event: EventJson
})

/** An event as it is stored, streamed and sent to webhooks. */
export interface Stored extends Schema.Schema.Type<typeof Stored> {}

/** An event's JSON text. */
export const encode = Schema.encodeSync(Schema.fromJsonString(EventJson))

/** An event from its JSON text. */
export const decode = Schema.decodeUnknownSync(Schema.fromJsonString(EventJson))
