/**
 * The UKSSDC status reply as a zod 4 schema, mirroring `Ukssdc.StatusResponse`
 * of `@jobscope/core` check for check: numeric-string status codes, the
 * recursive step tree (through a getter), exact optional keys, `TimeRunning`
 * converted to seconds, and the products gathered under `products` with other
 * unknown keys ignored. The one check it lacks is the core's depth limit.
 */
import * as z from "zod"
import { clockPattern, isProductKey, secondsFromClock } from "./wire.js"

const StatusCodeValue = z.literal([-4, -3, -2, -1, 1, 2, 3, 4, 5])

const StatusCodeText = z
  .string()
  .regex(/^\s*-?\d+\s*$/)
  .transform(Number)
  .pipe(StatusCodeValue)

const StatusCode = z.union([StatusCodeValue, StatusCodeText]).nullable()

interface Step {
  readonly StepLabel: string
  readonly StepStatus: 0 | 1 | 2
  readonly StepExtra?: string
  readonly SubStep?: ReadonlyArray<Step>
}

const Step: z.ZodType<Step> = z.object({
  StepLabel: z.string(),
  StepStatus: z.literal([0, 1, 2]),
  StepExtra: z.exactOptional(z.string()),
  get SubStep() {
    return z.exactOptional(z.array(Step))
  }
})

const ProductStatus = z.object({
  statusCode: StatusCode,
  statusText: z.string(),
  progress: z.exactOptional(
    z.object({
      GotProgress: z.literal([0, 1, 2]),
      PreProgress: z.exactOptional(z.string()),
      ProgressSteps: z.exactOptional(z.array(Step)),
      TimeRunning: z.exactOptional(z.string().regex(clockPattern).transform(secondsFromClock))
    })
  )
})

type ProductStatus = z.output<typeof ProductStatus>

const JobId = z.union([z.int(), z.string()])

const DeprecationWarning = z.object({ type: z.string(), message: z.string() })

/** The reply's own keys checked, every other key kept, for the products to be picked out. */
const StatusOkWire = z.looseObject({
  OK: z.literal(1),
  JobID: JobId,
  APIVersion: z.exactOptional(z.number()),
  deprecationWarning: z.exactOptional(DeprecationWarning)
})

const StatusOk = StatusOkWire.transform((wire, context) => {
  const { OK, JobID, APIVersion, deprecationWarning } = wire
  const products: Record<string, ProductStatus> = {}
  for (const key in wire) {
    if (!isProductKey(key)) continue
    const result = ProductStatus.safeParse(wire[key])
    if (result.success) products[key] = result.data
    else
      for (const issue of result.error.issues)
        context.issues.push({
          code: "custom",
          message: issue.message,
          path: [key, ...issue.path],
          input: wire[key]
        })
  }
  return {
    OK,
    JobID,
    ...(APIVersion === undefined ? {} : { APIVersion }),
    ...(deprecationWarning === undefined ? {} : { deprecationWarning }),
    products
  }
})

const StatusFailed = z.object({
  OK: z.literal(0),
  ERROR: z.string(),
  JobID: z.exactOptional(JobId),
  APIVersion: z.exactOptional(z.number())
})

/** What `checkProductStatus.php` answers, as a zod 4 schema. */
export const StatusResponse = z.discriminatedUnion("OK", [StatusOk, StatusFailed])
