/**
 * The UKSSDC status reply as a stock Effect Schema: the step tree recursive
 * through `Schema.suspend`, `TimeRunning` decoded product by product, and the
 * JIT compiler left off. The same reply and the same result as
 * `Ukssdc.StatusResponse` of `@jobscope/core`, which unrolls the tree and
 * enables the JIT; this shows what that design buys.
 */
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import * as SchemaTransformation from "effect/SchemaTransformation"
import { clockFromSeconds, clockPattern, isProductKey, secondsFromClock } from "./wire.js"

const StatusCodeValue = Schema.Literals([-4, -3, -2, -1, 1, 2, 3, 4, 5])

type StatusCodeValue = typeof StatusCodeValue.Type

const StatusCodeText = Schema.String.check(Schema.isPattern(/^\s*-?\d+\s*$/)).pipe(
  Schema.decodeTo(
    StatusCodeValue,
    SchemaTransformation.transform({
      decode: (text: string) => Number(text) as StatusCodeValue,
      encode: String
    })
  )
)

const StatusCode = Schema.NullOr(Schema.Union([StatusCodeValue, StatusCodeText]))

interface Step {
  readonly StepLabel: string
  readonly StepStatus: 0 | 1 | 2
  readonly StepExtra?: string
  readonly SubStep?: ReadonlyArray<Step>
}

const Step: Schema.Codec<Step> = Schema.Struct({
  StepLabel: Schema.String,
  StepStatus: Schema.Literals([0, 1, 2]),
  StepExtra: Schema.optionalKey(Schema.String),
  SubStep: Schema.optionalKey(Schema.Array(Schema.suspend((): Schema.Codec<Step> => Step)))
})

const ClockDuration = Schema.String.check(Schema.isPattern(clockPattern)).pipe(
  Schema.decodeTo(
    Schema.Duration,
    SchemaTransformation.transform({
      decode: (text: string) => Duration.seconds(secondsFromClock(text)),
      encode: (duration: Duration.Duration) => clockFromSeconds(Math.floor(Duration.toSeconds(duration)))
    })
  )
)

const ProductStatus = Schema.Struct({
  statusCode: StatusCode,
  statusText: Schema.String,
  progress: Schema.optionalKey(
    Schema.Struct({
      GotProgress: Schema.Literals([0, 1, 2]),
      PreProgress: Schema.optionalKey(Schema.String),
      ProgressSteps: Schema.optionalKey(Schema.Array(Step)),
      TimeRunning: Schema.optionalKey(ClockDuration)
    })
  )
})

type ProductStatus = typeof ProductStatus.Type

const JobId = Schema.Union([Schema.Int, Schema.String])

const DeprecationWarning = Schema.Struct({ type: Schema.String, message: Schema.String })

const StatusOkWire = Schema.StructWithRest(
  Schema.Struct({
    OK: Schema.Literal(1),
    JobID: JobId,
    APIVersion: Schema.optionalKey(Schema.Finite),
    deprecationWarning: Schema.optionalKey(DeprecationWarning)
  }),
  [Schema.Record(Schema.String.check(Schema.makeFilter(isProductKey)), ProductStatus)]
)

type StatusOkWire = typeof StatusOkWire.Type

interface StatusOk {
  readonly OK: 1
  readonly JobID: typeof JobId.Type
  readonly APIVersion?: number
  readonly deprecationWarning?: typeof DeprecationWarning.Type
  readonly products: { readonly [product: string]: ProductStatus }
}

const StatusOk = StatusOkWire.pipe(
  Schema.decodeTo(
    Schema.declare((input: unknown): input is StatusOk => typeof input === "object" && input !== null),
    SchemaTransformation.transform({
      decode: ({ OK, JobID, APIVersion, deprecationWarning, ...products }: StatusOkWire): StatusOk => ({
        OK,
        JobID,
        ...(APIVersion === undefined ? {} : { APIVersion }),
        ...(deprecationWarning === undefined ? {} : { deprecationWarning }),
        products: products as StatusOk["products"]
      }),
      encode: ({ products, ...reply }: StatusOk) => ({ ...products, ...reply }) as StatusOkWire
    })
  )
)

const StatusFailed = Schema.Struct({
  OK: Schema.Literal(0),
  ERROR: Schema.String,
  JobID: Schema.optionalKey(JobId),
  APIVersion: Schema.optionalKey(Schema.Finite)
})

/** What `checkProductStatus.php` answers, as a stock recursive Effect Schema. */
export const StatusResponse = Schema.Union([StatusOk, StatusFailed])
