/**
 * Polling a UKSSDC job (`checkProductStatus.php`): the request, the reply with
 * one status per product beside `OK` and `JobID`, the status codes, and the
 * recursive progress steps.
 */
import * as z from "zod"
import { boundedTree } from "../internal/boundedTree.js"
import { readonlyArray } from "../internal/readonlyArray.js"
import { JobId, UserId } from "./Identity.js"
import { ProductList, parseProductList } from "./Product.js"
import { Refusal } from "./Refusal.js"

const statusCodeExpected = "Invalid input: expected a UKSSDC status code (-4 … -1, 1 … 5, or null)"

const statusCodes = [-4, -3, -2, -1, 1, 2, 3, 4, 5] as const

/** The status codes a product can have (the core's `statusMeaning` says what each means). */
export const StatusCodeValue = z.literal(statusCodes, statusCodeExpected)

/** A status code sent as text ("3"), as the reference page's `parseInt` allows. */
const StatusCodeText = z
  .string()
  .regex(/^\s*-?\d+\s*$/, statusCodeExpected)
  .refine((text) => (statusCodes as ReadonlyArray<number>).includes(Number(text)), statusCodeExpected)

/**
 * A product's status code: one of {@link StatusCodeValue}, a numeric string of
 * one (kept as text), or `null` for a product that is not part of the job.
 */
export const StatusCode = z.union([StatusCodeValue, StatusCodeText], statusCodeExpected).nullable()

/** Whether a step has been reached: 0 not yet, 1 active, 2 done. */
export const StepStatus = z.literal(
  [0, 1, 2],
  "Invalid input: expected a step status: 0 not reached, 1 active, 2 done"
)

/** One step of a product's progress report, possibly with sub-steps. */
export interface Step {
  readonly StepLabel: string
  readonly StepStatus: 0 | 1 | 2
  /** Extra text, usually only on the active step, e.g. "Working on spectrum: Obs_00081637001 (14/156)". */
  readonly StepExtra?: string
  /** Smaller steps carried out once per dataset; they cycle as the parent step proceeds. */
  readonly SubStep?: ReadonlyArray<Step>
}

const StepNode: z.ZodType<Step, Step> = z.object({
  StepLabel: z.string(),
  StepStatus,
  StepExtra: z.exactOptional(z.string()),
  get SubStep() {
    return z.exactOptional(readonlyArray(StepNode))
  }
})

/**
 * One step of a progress report. Nesting deeper than `Progress.maxDepth`
 * levels is an issue at the offending `SubStep`.
 */
export const Step = boundedTree(StepNode, "SubStep")

/** A duration as the server writes it, "HH:MM:SS" (hours may exceed 23), kept as text. */
export const ClockText = z
  .string()
  .regex(/^(\d+):([0-5]\d):([0-5]\d)$/, 'Invalid input: expected a duration "HH:MM:SS"')

/**
 * A product's progress report. `GotProgress` is 0 when progress was not asked
 * for, 1 when it was returned, 2 when it is unavailable.
 */
export const Progress = z.object({
  GotProgress: z.literal([0, 1, 2]),
  /** Text about the steps that is not one of them; may hold inline HTML such as `<em>`. */
  PreProgress: z.exactOptional(z.string()),
  ProgressSteps: z.exactOptional(readonlyArray(Step)),
  /** How long since the product began running (not since it was requested). */
  TimeRunning: z.exactOptional(ClockText)
})

/** A product's progress report. */
export type Progress = z.output<typeof Progress>

/** The status of one product of a job. */
export const ProductStatus = z.object({
  statusCode: StatusCode,
  statusText: z.string(),
  progress: z.exactOptional(Progress)
})

/** The status of one product of a job. */
export type ProductStatus = z.output<typeof ProductStatus>

/** A notice the server may attach about an API change. */
export const DeprecationWarning = z.object({ type: z.string(), message: z.string() })

// Product keys start lower-case; of the reply's own keys only deprecationWarning does (OK, JobID, APIVersion, ERROR do not).
const productKey = /^(?!deprecationWarning$)[a-z]/

const isProductKey = (key: string): boolean => productKey.test(key)

/**
 * A key of a status reply that names a product: written the way product keys
 * are, starting lower-case, and not the reply's own `deprecationWarning`. Other
 * keys the server may add are tolerated and dropped.
 */
export const ProductEntryKey = z.string().regex(productKey)

const statusOkFields = {
  OK: z.literal(1),
  JobID: JobId,
  APIVersion: z.exactOptional(z.number()),
  deprecationWarning: z.exactOptional(DeprecationWarning)
}

/**
 * A successful status reply as sent: one status per product asked about, each
 * under its product key beside `OK` and `JobID`. Parsing checks every product
 * and keeps the products in the order sent; keys that are neither the reply's
 * own nor products are dropped, as the core drops them.
 */
export const StatusOk = z.looseObject(statusOkFields).check((payload) => {
  const sent: Record<string, unknown> = payload.value
  const reply: Record<string, unknown> = {}
  for (const key in sent) {
    if (Object.hasOwn(statusOkFields, key)) reply[key] = sent[key]
    else if (isProductKey(key)) {
      const product = ProductStatus.safeParse(sent[key])
      if (product.success) reply[key] = product.data
      // Finished issues are raw issues with a message, which zod keeps; the path is made the reply's.
      else
        for (const issue of product.error.issues)
          payload.issues.push({ ...issue, path: [key, ...issue.path] } as z.core.$ZodRawIssue)
    }
  }
  payload.value = reply as typeof payload.value
})

/** A successful status reply as sent. */
export type StatusOk = z.output<typeof StatusOk>

/**
 * What `checkProductStatus.php` answers.
 *
 * @example
 * ```ts
 * const reply = Ukssdc.StatusResponse.parse(JSON.parse(body))
 * if (reply.OK === 1) console.log(Ukssdc.productsOf(reply).lc?.statusText)
 * ```
 */
export const StatusResponse = z.discriminatedUnion("OK", [StatusOk, Refusal])

/** What `checkProductStatus.php` answers. */
export type StatusResponse = z.output<typeof StatusResponse>

/** The products of a parsed status reply, by product key, in the order the server sent them. */
export const productsOf = (reply: StatusOk): Readonly<Record<string, ProductStatus>> => {
  const products: Record<string, ProductStatus> = {}
  for (const key in reply) if (isProductKey(key)) products[key] = reply[key] as ProductStatus
  return products
}

/**
 * A status request: which job, whose, which products, and for which of them
 * the progress report is wanted (`whatProg` must be among `what`).
 */
export const StatusRequest = z
  .object({ JobID: JobId, UserID: UserId, what: ProductList, whatProg: z.exactOptional(ProductList) })
  .superRefine(({ what, whatProg }, context) => {
    if (whatProg === undefined) return
    const asked = parseProductList(what)
    const missing = parseProductList(whatProg).filter((product) => !asked.includes(product))
    if (missing.length > 0)
      context.addIssue({
        code: "custom",
        path: ["whatProg"],
        message: `whatProg asks for the progress of ${missing.join(", ")}, which what does not ask about`,
        input: whatProg
      })
  })

/** A status request. */
export type StatusRequest = z.output<typeof StatusRequest>
