/**
 * The zod schemas' input and output types are interchangeable with the wire
 * (`Encoded`) types of the core's schemas: a value of one can be passed where
 * the other is wanted, both ways, without a cast. Checked by `tsc` (the
 * package's typecheck); at run time these tests do nothing.
 */

import { describe, expectTypeOf, it } from "@effect/vitest"
import type {
  Progress as CoreProgress,
  Tom as CoreTom,
  Too as CoreToo,
  TooRest as CoreTooRest,
  Ukssdc as CoreUkssdc
} from "@jobscope/core"
import type * as Schema from "effect/Schema"
import type * as z from "zod"
import type { Progress, Tom, Too, TooRest, Ukssdc } from "../src/index.js"

/** Whether each of two types is assignable to the other (TypeScript's assignability ignores `readonly` on properties). */
type Interchangeable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false

/** Whether a zod schema's input and its output are each interchangeable with the wire type of a schema of the core. */
type Mirrors<Zod extends z.ZodType, Core extends Schema.Top> = [
  Interchangeable<z.input<Zod>, Schema.Codec.Encoded<Core>>,
  Interchangeable<z.output<Zod>, Schema.Codec.Encoded<Core>>
]

describe("types", () => {
  it("UKSSDC: every request and reply, and their parts", () => {
    expectTypeOf<Mirrors<typeof Ukssdc.StatusRequest, typeof CoreUkssdc.StatusRequest>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof Ukssdc.StatusResponse, typeof CoreUkssdc.StatusResponse>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof Ukssdc.StatusOk, typeof CoreUkssdc.StatusOk>>().toEqualTypeOf<[true, true]>()
    expectTypeOf<Mirrors<typeof Ukssdc.ProductStatus, typeof CoreUkssdc.ProductStatus>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof Ukssdc.Progress, typeof CoreUkssdc.Progress>>().toEqualTypeOf<[true, true]>()
    expectTypeOf<Mirrors<typeof Ukssdc.Step, typeof CoreUkssdc.Step>>().toEqualTypeOf<[true, true]>()
    expectTypeOf<Mirrors<typeof Ukssdc.StatusCode, typeof CoreUkssdc.StatusCode>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof Ukssdc.Refusal, typeof CoreUkssdc.Refusal>>().toEqualTypeOf<[true, true]>()
    expectTypeOf<Mirrors<typeof Ukssdc.SubmitResponse, typeof CoreUkssdc.SubmitResponse>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof Ukssdc.CancelRequest, typeof CoreUkssdc.CancelRequest>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof Ukssdc.CancelResponse, typeof CoreUkssdc.CancelResponse>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof Ukssdc.UserRequest, typeof CoreUkssdc.UserRequest>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof Ukssdc.NumJobsResponse, typeof CoreUkssdc.NumJobsResponse>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<
      Mirrors<typeof Ukssdc.ListOldJobsResponse, typeof CoreUkssdc.ListOldJobsResponse>
    >().toEqualTypeOf<[true, true]>()
    expectTypeOf<
      Mirrors<typeof Ukssdc.OldProductRequest, typeof CoreUkssdc.OldProductRequest>
    >().toEqualTypeOf<[true, true]>()
    expectTypeOf<
      Mirrors<typeof Ukssdc.OldProductResponse, typeof CoreUkssdc.OldProductResponse>
    >().toEqualTypeOf<[true, true]>()
    expectTypeOf<Mirrors<typeof Ukssdc.PositionResponse, typeof CoreUkssdc.PositionResponse>>().toEqualTypeOf<
      [true, true]
    >()
  })

  it("TOO: the envelope union and every known object", () => {
    expectTypeOf<Mirrors<typeof Too.Envelope, typeof CoreToo.Envelope>>().toEqualTypeOf<[true, true]>()
    expectTypeOf<Mirrors<typeof Too.Status, typeof CoreToo.Status>>().toEqualTypeOf<[true, true]>()
    expectTypeOf<Mirrors<typeof Too.StatusData, typeof CoreToo.StatusData>>().toEqualTypeOf<[true, true]>()
    expectTypeOf<Mirrors<typeof Too.VisQuery, typeof CoreToo.VisQuery>>().toEqualTypeOf<[true, true]>()
    expectTypeOf<Mirrors<typeof Too.VisWindow, typeof CoreToo.VisWindow>>().toEqualTypeOf<[true, true]>()
    expectTypeOf<Mirrors<typeof Too.AFST, typeof CoreToo.AFST>>().toEqualTypeOf<[true, true]>()
    expectTypeOf<Mirrors<typeof Too.AFSTEntry, typeof CoreToo.AFSTEntry>>().toEqualTypeOf<[true, true]>()
    expectTypeOf<Mirrors<typeof Too.Resolve, typeof CoreToo.Resolve>>().toEqualTypeOf<[true, true]>()
    expectTypeOf<Mirrors<typeof Too.Request, typeof CoreToo.Request>>().toEqualTypeOf<[true, true]>()
    expectTypeOf<Mirrors<typeof Too.GenericEnvelope, typeof CoreToo.GenericEnvelope>>().toEqualTypeOf<
      [true, true]
    >()
  })

  it("TOO REST: every reply, its parts and the error replies", () => {
    expectTypeOf<Mirrors<typeof TooRest.DateTime, typeof CoreTooRest.DateTime>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof TooRest.Status, typeof CoreTooRest.Status>>().toEqualTypeOf<[true, true]>()
    expectTypeOf<Mirrors<typeof TooRest.StatusField, typeof CoreTooRest.StatusField>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof TooRest.CalendarEntry, typeof CoreTooRest.CalendarEntry>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof TooRest.Calendar, typeof CoreTooRest.Calendar>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof TooRest.TooRequest, typeof CoreTooRest.TooRequest>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof TooRest.TooRequests, typeof CoreTooRest.TooRequests>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof TooRest.SubmitReply, typeof CoreTooRest.SubmitReply>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof TooRest.Observation, typeof CoreTooRest.Observation>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof TooRest.ObsQuery, typeof CoreTooRest.ObsQuery>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof TooRest.DataFile, typeof CoreTooRest.DataFile>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof TooRest.Data, typeof CoreTooRest.Data>>().toEqualTypeOf<[true, true]>()
    expectTypeOf<Mirrors<typeof TooRest.VisWindow, typeof CoreTooRest.VisWindow>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof TooRest.VisQuery, typeof CoreTooRest.VisQuery>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof TooRest.Resolve, typeof CoreTooRest.Resolve>>().toEqualTypeOf<[true, true]>()
    expectTypeOf<Mirrors<typeof TooRest.ValidationIssue, typeof CoreTooRest.ValidationIssue>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof TooRest.Detail, typeof CoreTooRest.Detail>>().toEqualTypeOf<[true, true]>()
    expectTypeOf<Mirrors<typeof TooRest.StatusRefusal, typeof CoreTooRest.StatusRefusal>>().toEqualTypeOf<
      [true, true]
    >()
  })

  it("TOM: processes, status replies, pipeline logs, not found", () => {
    expectTypeOf<Mirrors<typeof Tom.AsyncProcess, typeof CoreTom.AsyncProcess>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof Tom.AsyncStatusResponse, typeof CoreTom.AsyncStatusResponse>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof Tom.PipelineLogs, typeof CoreTom.PipelineLogs>>().toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof Tom.NotFound, typeof CoreTom.NotFound>>().toEqualTypeOf<[true, true]>()
  })

  it("the neutral progress tree", () => {
    expectTypeOf<Mirrors<typeof Progress.Steps, typeof CoreProgress.Steps>>().toEqualTypeOf<[true, true]>()
    expectTypeOf<Mirrors<typeof Progress.Step, typeof CoreProgress.Step>>().toEqualTypeOf<[true, true]>()
    expectTypeOf<Mirrors<typeof Progress.Counter, typeof CoreProgress.Counter>>().toEqualTypeOf<
      [true, true]
    >()
  })

  it("tells different types apart: the check is not vacuous", () => {
    // The core's decoded reply gathers products and holds durations; the wire form does not.
    expectTypeOf<
      Interchangeable<
        z.output<typeof Ukssdc.StatusResponse>,
        Schema.Schema.Type<typeof CoreUkssdc.StatusResponse>
      >
    >().toEqualTypeOf<false>()
    expectTypeOf<Mirrors<typeof Ukssdc.SubmitResponse, typeof CoreUkssdc.CancelResponse>>().not.toEqualTypeOf<
      [true, true]
    >()
    expectTypeOf<Mirrors<typeof Tom.PipelineLogs, typeof CoreTom.AsyncProcess>>().not.toEqualTypeOf<
      [true, true]
    >()
    // A mutable array cannot stand for a read-only one: zod's types are read-only where the core's are.
    expectTypeOf<Interchangeable<Array<string>, ReadonlyArray<string>>>().toEqualTypeOf<false>()
  })
})
