/**
 * Polling a UKSSDC job (`checkProductStatus.php`): the request, the reply with
 * one status per product, the status codes, and the recursive progress steps.
 */
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import * as SchemaGetter from "effect/SchemaGetter"
import * as SchemaTransformation from "effect/SchemaTransformation"
import * as Elapsed from "../Elapsed.js"
import { unroll } from "../internal/boundedTree.js"
import { JobId, UserId } from "./Identity.js"
import { ProductList } from "./Product.js"
import { Refusal } from "./Refusal.js"

const statusCodeExpected = "a UKSSDC status code (-4 … -1, 1 … 5, or null)"

/** The status codes a product can have; see {@link statusMeaning}. */
export const StatusCodeValue = Schema.Literals([-4, -3, -2, -1, 1, 2, 3, 4, 5]).annotate({
  expected: statusCodeExpected
})

/** The status codes a product can have. */
export type StatusCodeValue = typeof StatusCodeValue.Type

/** What each status code means, in the documentation's words. */
export const statusMeaning: Readonly<Record<StatusCodeValue, string>> = {
  [-4]: "The job was cancelled by the user.",
  [-3]: "The product could not be built: the job ran but did not produce a product.",
  [-2]: "An internal error occurred and the attempt to add the job to the queue failed.",
  [-1]: "An internal error occurred and the job could not even be requested.",
  1: "The job has been requested, but not yet queued.",
  2: "The job has been entered into the processing queue.",
  3: "The job is running.",
  4: "The job completed OK: the products are available.",
  5: "The astrometry is waiting for the standard (PSF) position, and will then correct it."
}

/** A status code sent as text ("3"), as the reference page's `parseInt` allows. */
const StatusCodeText = Schema.String.check(
  Schema.isPattern(/^\s*-?\d+\s*$/, { expected: statusCodeExpected })
).pipe(
  Schema.decodeTo(
    StatusCodeValue,
    SchemaTransformation.transform({
      decode: (text: string) => Number(text) as StatusCodeValue,
      encode: String
    })
  )
)

/**
 * A product's status code: one of {@link StatusCodeValue}, a numeric string of
 * one, or `null` for a product that is not part of the job.
 */
export const StatusCode = Schema.NullOr(Schema.Union([StatusCodeValue, StatusCodeText])).annotate({
  expected: statusCodeExpected
})

/** Whether a step has been reached: 0 not yet, 1 active, 2 done. */
export const StepStatus = Schema.Literals([0, 1, 2]).annotate({
  expected: "a step status: 0 not reached, 1 active, 2 done"
})

/** One step of a product's progress report, possibly with sub-steps. */
export interface Step {
  readonly StepLabel: string
  readonly StepStatus: 0 | 1 | 2
  /** Extra text, usually only on the active step, e.g. "Working on spectrum: Obs_00081637001 (14/156)". */
  readonly StepExtra?: string
  /** Smaller steps carried out once per dataset; they cycle as the parent step proceeds. */
  readonly SubStep?: ReadonlyArray<Step>
}

/**
 * One step of a progress report. Nesting deeper than `Progress.maxDepth`
 * levels is a decode error at the offending `SubStep`.
 */
export const Step: Schema.Codec<Step> = unroll<Step, Step>((children) =>
  Schema.Struct({
    StepLabel: Schema.String,
    StepStatus,
    StepExtra: Schema.optionalKey(Schema.String),
    SubStep: Schema.optionalKey(children)
  })
)

/** A duration as the server writes it, "HH:MM:SS", still as text. */
const ClockText = Schema.String.check(
  Schema.isPattern(Elapsed.pattern, { expected: 'a duration "HH:MM:SS"' })
)

/** A duration the clock form can write: finite, not negative, in whole seconds. */
const WholeSeconds = Schema.Duration.check(
  Schema.makeFilter((duration: Duration.Duration) => {
    const millis = Duration.toMillis(duration)
    return (Number.isFinite(millis) && millis >= 0 && millis % 1000 === 0) || "a whole number of seconds"
  })
)

/** A duration written as "HH:MM:SS" (hours may exceed 23), decoded to whole seconds. */
export const ClockDuration = ClockText.pipe(
  Schema.decodeTo(
    WholeSeconds,
    // The text was checked against the pattern, so it always reads.
    SchemaTransformation.transform({ decode: (text) => Elapsed.parse(text)!, encode: Elapsed.format })
  )
)

const progressFields = {
  GotProgress: Schema.Literals([0, 1, 2]),
  /** Text about the steps that is not one of them; may hold inline HTML such as `<em>`. */
  PreProgress: Schema.optionalKey(Schema.String),
  ProgressSteps: Schema.optionalKey(Schema.Array(Step))
}

/**
 * A product's progress report. `GotProgress` is 0 when progress was not asked
 * for, 1 when it was returned, 2 when it is unavailable.
 */
export const Progress = Schema.Struct({
  ...progressFields,
  /** How long since the product began running (not since it was requested). */
  TimeRunning: Schema.optionalKey(ClockDuration)
})

/** A product's progress report. */
export interface Progress extends Schema.Schema.Type<typeof Progress> {}

/** The status of one product of a job. */
export const ProductStatus = Schema.Struct({
  statusCode: StatusCode,
  statusText: Schema.String,
  progress: Schema.optionalKey(Progress)
})

/** The status of one product of a job. */
export interface ProductStatus extends Schema.Schema.Type<typeof ProductStatus> {}

/**
 * {@link ProductStatus} checked but not yet transformed: `TimeRunning` still
 * text. A status reply converts all its products in one pass, which Effect's
 * JIT compiles far better than one transformation per product.
 */
const ProductStatusText = Schema.Struct({
  statusCode: StatusCode,
  statusText: Schema.String,
  progress: Schema.optionalKey(
    Schema.Struct({ ...progressFields, TimeRunning: Schema.optionalKey(ClockText) })
  )
})

type ProductStatusText = typeof ProductStatusText.Type

// Plain spreads rather than rest destructuring: this runs for every product of
// every reply, and V8's object rest is several times slower.
const productFromText = (product: ProductStatusText): ProductStatus => {
  const progress = product.progress
  if (progress?.TimeRunning === undefined) return product as ProductStatusText & ProductStatus
  return { ...product, progress: { ...progress, TimeRunning: Elapsed.parse(progress.TimeRunning)! } }
}

const productToText = (product: ProductStatus): ProductStatusText => {
  const progress = product.progress
  if (progress?.TimeRunning === undefined) return product as ProductStatusText & ProductStatus
  return { ...product, progress: { ...progress, TimeRunning: Elapsed.format(progress.TimeRunning) } }
}

/** A notice the server may attach about an API change. */
export const DeprecationWarning = Schema.Struct({ type: Schema.String, message: Schema.String })

/** The keys of a status reply that are not products. */
const replyKeys: ReadonlySet<string> = new Set(["OK", "JobID", "APIVersion", "ERROR", "deprecationWarning"])

/**
 * Which keys of a status reply are products: those not of the reply itself,
 * written the way product keys are (starting lower-case). Other keys the
 * server may add are tolerated and ignored.
 */
const ProductEntryKey = Schema.String.check(
  Schema.makeFilter((key: string) => !replyKeys.has(key) && /^[a-z]/.test(key))
)

const statusOkFields = {
  OK: Schema.Literal(1),
  JobID: JobId,
  APIVersion: Schema.optionalKey(Schema.Finite),
  deprecationWarning: Schema.optionalKey(DeprecationWarning)
}

/** A successful status reply: one status per product asked about, in the order sent. */
export interface StatusOk {
  readonly OK: 1
  readonly JobID: JobId
  readonly APIVersion?: number
  readonly deprecationWarning?: typeof DeprecationWarning.Type
  /** Keyed by {@link ProductKey}, in the order the server sent them. */
  readonly products: { readonly [product: string]: ProductStatus }
}

/** A successful status reply as sent: the products sit beside `OK` and `JobID`. */
export type StatusOkEncoded = {
  readonly OK: 1
  readonly JobID: JobId
  readonly APIVersion?: number
  readonly deprecationWarning?: typeof DeprecationWarning.Encoded
} & { readonly [product: string]: unknown }

const StatusOkWire = Schema.StructWithRest(Schema.Struct(statusOkFields), [
  Schema.Record(ProductEntryKey, ProductStatusText)
])

/** Separates the server's flat product keys into `products`, and puts them back. */
const gatherProducts = SchemaTransformation.transform({
  decode: (flat: typeof StatusOkWire.Type): StatusOk => {
    const reply: { -readonly [K in keyof StatusOk]: StatusOk[K] } = {
      OK: flat.OK,
      JobID: flat.JobID,
      products: {}
    }
    if (flat.APIVersion !== undefined) reply.APIVersion = flat.APIVersion
    if (flat.deprecationWarning !== undefined) reply.deprecationWarning = flat.deprecationWarning
    const products: { [product: string]: ProductStatus } = {}
    for (const key in flat)
      if (!replyKeys.has(key)) products[key] = productFromText(flat[key] as ProductStatusText)
    reply.products = products
    return reply
  },
  encode: (reply: StatusOk) => {
    const flat: { [key: string]: unknown } = {}
    for (const key in reply.products) flat[key] = productToText(reply.products[key]!)
    flat.OK = reply.OK
    flat.JobID = reply.JobID
    if (reply.APIVersion !== undefined) flat.APIVersion = reply.APIVersion
    if (reply.deprecationWarning !== undefined) flat.deprecationWarning = reply.deprecationWarning
    return flat as typeof StatusOkWire.Type
  }
})

/** The decoded shape of {@link StatusOk}, as a schema; used to generate test values. */
const StatusOkShape = Schema.Struct({
  ...statusOkFields,
  products: Schema.Record(ProductEntryKey, ProductStatus)
})

/**
 * A successful status reply; its products are gathered under `products`.
 *
 * The decoded side is declared rather than spelled out as a Struct so that the
 * products are not walked a second time after decoding.
 */
export const StatusOk: Schema.Codec<StatusOk, StatusOkEncoded> = StatusOkWire.pipe(
  Schema.decodeTo(
    Schema.declare((input: unknown): input is StatusOk => typeof input === "object" && input !== null, {
      expected: "a UKSSDC status reply",
      toCodecArbitrary: () =>
        Schema.link<StatusOk>()(StatusOkShape, {
          decode: SchemaGetter.passthrough(),
          encode: SchemaGetter.passthrough()
        })
    }),
    gatherProducts
  )
) as unknown as Schema.Codec<StatusOk, StatusOkEncoded>

/**
 * What `checkProductStatus.php` answers.
 *
 * @example
 * ```ts
 * const reply = Schema.decodeUnknownSync(Ukssdc.StatusResponse)(json)
 * if (reply.OK === 1) console.log(reply.products.lc?.statusText)
 * ```
 */
export const StatusResponse = Schema.Union([StatusOk, Refusal]).annotate({
  expected: "a UKSSDC status reply: OK 1 with a status per product, or OK 0 with an ERROR"
})

/** What `checkProductStatus.php` answers. */
export type StatusResponse = StatusOk | Refusal

/**
 * A status request: which job, whose, which products, and for which of them
 * the progress report is wanted (`whatProg` must be among `what`).
 */
export const StatusRequest = Schema.Struct({
  JobID: JobId,
  UserID: UserId,
  what: ProductList,
  whatProg: Schema.optionalKey(ProductList)
}).check(
  Schema.makeFilter(({ what, whatProg }) => {
    const missing = (whatProg ?? []).filter((product) => !what.includes(product))
    return (
      missing.length === 0 || {
        path: ["whatProg"],
        issue: `whatProg asks for the progress of ${missing.join(", ")}, which what does not ask about`
      }
    )
  })
)

/** A status request. */
export interface StatusRequest extends Schema.Schema.Type<typeof StatusRequest> {}
