/**
 * What the page is asked to watch: the form's fields as plain state, read
 * from and written to the page's query string (so that a link opens a live
 * view: `?api=ukssdc&job=42&watch=1`), and checked into the job to follow
 * and the client settings to follow it with. What identifies a person stays
 * out of the query string: the UKSSDC user ID (an e-mail address) and the
 * Swift TOO shared secret, which lives only in this form, in memory.
 *
 * @example
 * ```ts
 * const form = Form.fromQuery(new URLSearchParams(location.search))
 * const job = Form.toJob(form, location.origin) // Result: the JobRef and client options, or InvalidForm
 * ```
 */
import { Ukssdc } from "@jobscope/core"
import { type ClientOptions, JobRef } from "@jobscope/fetch"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"

/** The APIs the page can watch a job of. */
export const apis = ["ukssdc", "too", "tom", "uws"] as const

/** An API the page can watch a job of. */
export type Api = (typeof apis)[number]

/** The form's fields, as typed; every one a string but the API and whether to watch at once. */
export interface Form {
  readonly api: Api
  /** Where the API lives; empty for the page's own origin (the simulator serving the page). */
  readonly base: string
  /** The UKSSDC job ID or the Swift TOO job number. */
  readonly job: string
  /** The UKSSDC user ID: the e-mail address registered with the UKSSDC. */
  readonly user: string
  /** The UKSSDC products to follow, comma-separated; empty for all the job has. */
  readonly products: string
  /**
   * The UKSSDC job's page, the `URL` its submit reply gave: each complete
   * product's archive is linked under it; empty for no links (the server
   * decides where a job lives, so it is not guessed from the job ID).
   */
  readonly page: string
  /** The Swift TOO username whose job it is; empty for anonymous, which can follow only anonymous jobs. */
  readonly username: string
  /** The Swift TOO user's shared secret: held in the form only, never in the query string or any storage. */
  readonly secret: string
  /** The TOM target whose processes to follow. */
  readonly target: string
  /** The TOM pipeline whose log to follow. */
  readonly pipeline: string
  /** The UWS job's URL (a TAP `/async` job too), absolute or from the base URL. */
  readonly url: string
  /** Whether to start watching as soon as the page opens. */
  readonly watch: boolean
}

/** An empty form, on the UKSSDC. */
export const empty: Form = {
  api: "ukssdc",
  base: "",
  job: "",
  user: "",
  products: "",
  page: "",
  username: "",
  secret: "",
  target: "",
  pipeline: "",
  url: "",
  watch: false
}

/** The fields each API uses, in the query string's order. */
const fieldsOf: Readonly<
  Record<
    Api,
    ReadonlyArray<
      "job" | "user" | "products" | "page" | "username" | "secret" | "target" | "pipeline" | "url"
    >
  >
> = {
  ukssdc: ["job", "user", "products", "page"],
  too: ["job", "username", "secret"],
  tom: ["target", "pipeline"],
  uws: ["url"]
}

/** The fields that never go in the query string: who a person is, and their secret. */
const private_: ReadonlySet<string> = new Set(["user", "secret"])

const isApi = (text: string | null): text is Api => apis.some((api) => api === text)

/** The form a query string describes; unknown keys are ignored, an unknown API is the UKSSDC. */
export const fromQuery = (query: URLSearchParams): Form => {
  const api = query.get("api")
  const text = (key: string) => query.get(key)?.trim() ?? ""
  return {
    api: isApi(api) ? api : "ukssdc",
    base: text("base"),
    job: text("job"),
    user: text("user"),
    products: text("products"),
    page: text("page"),
    username: text("username"),
    // A secret in a link would be in the history, the server's logs and anyone's hands it was sent to.
    secret: "",
    target: text("target"),
    pipeline: text("pipeline"),
    url: text("url"),
    watch: query.get("watch") === "1"
  }
}

/** The query string of a form: its API, the base URL when one is given, the API's own fields that are filled in, `watch=1` when watching. */
export const toQuery = (form: Form): URLSearchParams => {
  const query = new URLSearchParams({ api: form.api })
  if (form.base !== "") query.set("base", form.base)
  // The UKSSDC user ID (an e-mail address) and the TOO secret: never in the address bar, its history or a shared link.
  for (const field of fieldsOf[form.api])
    if (!private_.has(field) && form[field] !== "") query.set(field, form[field])
  if (form.watch) query.set("watch", "1")
  return query
}

/** A form that does not name a job the page can watch: each problem, in a sentence. */
export class InvalidForm extends Schema.TaggedError<InvalidForm>()("InvalidForm", {
  problems: Schema.Array(Schema.String),
  message: Schema.String
}) {}

/** What a valid form asks for: a job of a built-in API, or a UWS job. */
export type Job = ApiJob | UwsJob

/** A job of a built-in API: which job, where, and the client settings to ask with. */
export interface ApiJob {
  readonly ref: JobRef.JobRef
  /** The API's base URL, the page's origin when the form gave none. */
  readonly baseUrl: string
  /** The settings of `createClient` for the job's API. */
  readonly client: ClientOptions
}

/** A UWS job (a TAP async query's too): its URL, and the base URL it lives under. */
export interface UwsJob {
  readonly uws: string
  /** The origin of the job's URL, where the page asks whether it is a simulator. */
  readonly baseUrl: string
}

/** Whether a job is a UWS one. */
export const isUws = (job: Job): job is UwsJob => "uws" in job

const wholeNumber = /^[0-9]{1,15}$/

const baseUrlOf = (base: string, origin: string, problems: Array<string>): string => {
  const chosen = base === "" ? origin : base
  const url = URL.canParse(chosen) ? new URL(chosen) : undefined
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    problems.push(
      base === ""
        ? "the page is not served over HTTP, so give the API's base URL"
        : `the base URL must be an http(s) address such as http://127.0.0.1:8080, got ${JSON.stringify(base)}`
    )
    return ""
  }
  return chosen.replace(/\/+$/, "")
}

const pageOf = (text: string, problems: Array<string>): string | undefined => {
  if (text === "") return undefined
  const url = URL.canParse(text) ? new URL(text) : undefined
  if (url !== undefined && (url.protocol === "http:" || url.protocol === "https:")) return text
  problems.push(`the job's page must be the http(s) URL its submit reply gave, got ${JSON.stringify(text)}`)
  return undefined
}

const productsOf = (text: string, problems: Array<string>): ReadonlyArray<string> | undefined => {
  if (text === "") return undefined
  const asked = text.split(",").map((product) => product.trim())
  const known: ReadonlyArray<string> = Ukssdc.ProductKind.literals
  const unknown = asked.filter((product) => !known.includes(product))
  if (unknown.length > 0)
    problems.push(
      `the products must be among ${known.join(", ")}, not ${unknown.map((product) => JSON.stringify(product)).join(" or ")}`
    )
  return asked
}

/** The UWS job's URL, resolved against the base URL; only http(s). */
const uwsUrlOf = (text: string, baseUrl: string, problems: Array<string>): string | undefined => {
  const url = text === "" || !URL.canParse(text, `${baseUrl}/`) ? undefined : new URL(text, `${baseUrl}/`)
  if (url !== undefined && (url.protocol === "http:" || url.protocol === "https:")) return url.toString()
  problems.push(
    `the UWS job URL must be an http(s) address such as https://tap.example.org/tap/async/abc, got ${JSON.stringify(text)}`
  )
  return undefined
}

/** The job the API's fields name, when they name one; what is wrong with them goes to `problems`. */
const refOf = (form: Form, problems: Array<string>): JobRef.JobRef | undefined => {
  switch (form.api) {
    case "ukssdc": {
      if (!wholeNumber.test(form.job))
        problems.push(`the UKSSDC job ID must be a whole number such as 42, got ${JSON.stringify(form.job)}`)
      if (!/^[^@\s]+@[^@\s]+$/.test(form.user))
        problems.push("the UKSSDC user ID must be the e-mail address registered with the UKSSDC")
      const asked = productsOf(form.products, problems)
      const page = pageOf(form.page, problems)
      return JobRef.ukssdc(form.job, {
        positions: true,
        ...(asked === undefined ? {} : { products: asked }),
        ...(page === undefined ? {} : { url: page })
      }).ref
    }
    case "too":
      if ((form.username === "") !== (form.secret === ""))
        problems.push(
          form.username === ""
            ? "give the Swift TOO username the shared secret belongs to"
            : `give the shared secret of the Swift TOO user ${JSON.stringify(form.username)} (it stays in this page, never in its address or storage)`
        )
      if (wholeNumber.test(form.job)) return JobRef.too(Number(form.job)).ref
      problems.push(
        `the Swift TOO job number must be a whole number such as 1001, got ${JSON.stringify(form.job)}`
      )
      return undefined
    case "tom":
      if ((form.target === "") === (form.pipeline === "")) {
        problems.push("give a TOM target or a TOM pipeline, one of the two")
        return undefined
      }
      return form.target === "" ? JobRef.tomPipeline(form.pipeline).ref : JobRef.tomTarget(form.target).ref
  }
}

/** The job a form asks to watch, or every problem that stops it. `origin` is the page's, the default base URL. */
export const toJob = (form: Form, origin: string): Result.Result<Job, InvalidForm> => {
  const problems: Array<string> = []
  const invalid = () =>
    Result.fail(new InvalidForm({ problems, message: `The form needs fixing: ${problems.join("; ")}.` }))
  const baseUrl = baseUrlOf(form.base, origin, problems)
  if (form.api === "uws") {
    const uws = uwsUrlOf(form.url, baseUrl, problems)
    if (uws === undefined || problems.length > 0) return invalid()
    return Result.succeed({ uws, baseUrl: new URL(uws).origin })
  }
  const ref = refOf(form, problems)
  if (ref === undefined || problems.length > 0) return invalid()
  const client: ClientOptions =
    form.api === "ukssdc"
      ? { ukssdc: { baseUrl, userId: form.user } }
      : form.api === "too"
        ? {
            too:
              form.username === "" ? { baseUrl } : { baseUrl, username: form.username, secret: form.secret }
          }
        : { tom: { baseUrl } }
  return Result.succeed({ ref, baseUrl, client })
}
