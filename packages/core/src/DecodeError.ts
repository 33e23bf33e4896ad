/**
 * A typed, readable decode failure, and decoders that return it instead of
 * throwing on any input: a JSON value of the wrong shape, text that is not JSON,
 * or an HTML error page where JSON (or XML …) was expected.
 *
 * @example
 * ```ts
 * import { DecodeError, Ukssdc } from "@jobscope/core"
 * import * as Result from "effect/Result"
 *
 * const reply = DecodeError.decodeJson(Ukssdc.StatusResponse, "UKSSDC status reply")(body)
 * if (Result.isFailure(reply)) console.error(reply.failure.message)
 * // UKSSDC status reply: at lc.statusCode: expected a UKSSDC status code (-4 … 5 or null), got 7
 * ```
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"

/** One thing wrong with a value: where, and what. */
export const Problem = Schema.Struct({
  /** Where in the value, as `lc.progress.ProgressSteps[1].StepStatus`; empty for the whole value. */
  path: Schema.String,
  message: Schema.String
})

/** One thing wrong with a value: where, and what. */
export interface Problem extends Schema.Schema.Type<typeof Problem> {}

/** A value that did not decode, with every problem found and a sentence a person can act on. */
export class DecodeError extends Schema.TaggedError<DecodeError>()("DecodeError", {
  /** What was being decoded, such as "UKSSDC status reply". */
  subject: Schema.String,
  problems: Schema.Array(Problem),
  message: Schema.String
}) {}

/** How much of a value an error message may quote. */
const excerptLength = 80

/** Shortens text for a message: whitespace folded, cut at {@link excerptLength} characters. */
export const excerpt = (text: string): string => {
  const folded = text.replace(/\s+/g, " ").trim()
  return folded.length > excerptLength ? `${folded.slice(0, excerptLength)}…` : folded
}

const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path
    .map((key, index) =>
      typeof key === "number"
        ? `[${key}]`
        : typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key)
          ? `${index === 0 ? "" : "."}${key}`
          : `[${JSON.stringify(String(key))}]`
    )
    .join("")

const describe = (value: unknown): string => {
  if (value === undefined) return "nothing"
  if (typeof value === "string") return JSON.stringify(excerpt(value))
  if (Array.isArray(value)) return "a list"
  if (value === null || typeof value !== "object") return String(value)
  return "an object"
}

const leafMessage = (issue: SchemaIssue.Leaf): string => {
  if (issue._tag === "MissingKey") return "missing"
  // Effect's own message quotes the whole value; ours quotes a short excerpt.
  const withoutInput: SchemaIssue.Leaf = Object.assign(Object.create(Object.getPrototypeOf(issue)), issue)
  delete (withoutInput as { input?: unknown }).input
  const message = SchemaIssue.defaultLeafHook(withoutInput)
  return SchemaIssue.hasInput(issue) ? `${message}, got ${describe(issue.input)}` : message
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1({ leafHook: leafMessage })

/** How long one problem's message may be; composite issues quote whole values. */
const messageLength = 200

/** A message as it reads inside our sentence: Effect's "Expected …" lower-cased, length bounded. */
const sentence = (message: string): string => {
  const lowered = message.startsWith("Expected ") ? `e${message.slice(1)}` : message
  return lowered.length > messageLength ? `${lowered.slice(0, messageLength)}…` : lowered
}

/** Builds the error for an issue Effect Schema reported. */
export const fromIssue = (subject: string, issue: SchemaIssue.Issue): DecodeError => {
  const problems = formatter(issue).issues.map(
    (problem): Problem => ({
      path: formatPath((problem.path ?? []).map((key) => (typeof key === "object" ? key.key : key))),
      message: sentence(problem.message)
    })
  )
  return make(subject, problems)
}

/** Builds the error from problems found by hand. */
export const make = (subject: string, problems: ReadonlyArray<Problem>): DecodeError => {
  const shown = problems
    .slice(0, 5)
    .map((problem) => (problem.path === "" ? problem.message : `at ${problem.path}: ${problem.message}`))
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : ""
  return new DecodeError({ subject, problems, message: `${subject}: ${shown.join("; ")}${more}` })
}

/**
 * A decoder that never throws: any value in, the decoded value or a
 * {@link DecodeError} listing every problem out.
 */
export const decodeUnknown = <S extends Schema.Decoder<unknown>>(schema: S, subject: string) => {
  const decode = Schema.decodeUnknownResult(schema)
  return (input: unknown): Result.Result<S["Type"], DecodeError> => {
    const result = decode(input)
    if (Result.isSuccess(result)) return Result.succeed(result.success)
    // Only failures pay for collecting every problem and the values at fault.
    const detailed = decode(input, { errors: "all", reportInput: true })
    return Result.fail(
      fromIssue(subject, Result.isFailure(detailed) ? detailed.failure.issue : result.failure.issue)
    )
  }
}

/** A text format a response body comes in: its name for messages, and a parser that throws on bad input. */
export interface BodyFormat {
  /** "JSON", "XML" … */
  readonly name: string
  /** Parses a body; throws (with a readable message) when it is not in this format. */
  readonly parse: (text: string) => unknown
}

/** JSON bodies, parsed with `JSON.parse`. */
export const json: BodyFormat = { name: "JSON", parse: (text) => JSON.parse(text) }

/** What a body that is plainly not in the expected format is, for the message; `undefined` when it may be. */
const cameInstead = (trimmed: string, format: BodyFormat): string | undefined => {
  if (trimmed.startsWith("<")) {
    if (looksLikeHtml(trimmed)) return "an HTML page"
    return format.name === "XML" ? undefined : "an XML document"
  }
  return /^[{[]/.test(trimmed) && format.name !== "JSON" ? "JSON" : undefined
}

/** The elements an HTML page or a server's error output starts with (PHP's warnings start with `<br />`). */
const htmlRoots = new Set(["html", "head", "body", "title", "h1", "h2", "p", "pre", "div", "br", "b"])

/**
 * Whether markup is an HTML page: an HTML doctype, or a first element that
 * pages and error output start with. Only the first element counts: an XML
 * document may hold a `title` or a `body` anywhere below its root (an Atom feed).
 */
const looksLikeHtml = (markup: string): boolean => {
  const root = /^(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*|<!doctype\b[^>]*>\s*)*<([A-Za-z][\w.:-]*)/i.exec(
    markup.slice(0, 2048)
  )
  return /^<!doctype\s+html/i.test(markup) || (root !== null && htmlRoots.has(root[1]!.toLowerCase()))
}

/**
 * A decoder of response bodies in any text format: text in, the decoded value
 * or a {@link DecodeError} out. An empty body, an HTML page or another format
 * where this one was expected, and text that does not parse each get their own
 * sentence quoting the start of what came.
 *
 * @example
 * ```ts
 * const decodeXml = DecodeError.decodeBody(UwsJob, "UWS job", { name: "XML", parse: parseXml })
 * ```
 */
export const decodeBody = <S extends Schema.Decoder<unknown>>(
  schema: S,
  subject: string,
  format: BodyFormat
) => {
  const decode = decodeUnknown(schema, subject)
  return (text: string): Result.Result<S["Type"], DecodeError> => {
    const trimmed = text.trimStart()
    if (trimmed === "")
      return Result.fail(make(subject, [{ path: "", message: `the body was empty, not ${format.name}` }]))
    const came = cameInstead(trimmed, format)
    if (came !== undefined) {
      return Result.fail(
        make(subject, [
          {
            path: "",
            message: `${came} came instead of ${format.name}: ${JSON.stringify(bodyExcerpt(trimmed))}`
          }
        ])
      )
    }
    let parsed: unknown
    try {
      parsed = format.parse(text)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      return Result.fail(
        make(subject, [
          { path: "", message: `not valid ${format.name} (${reason}): ${JSON.stringify(excerpt(text))}` }
        ])
      )
    }
    return decode(parsed)
  }
}

/**
 * A decoder of JSON response bodies ({@link decodeBody} with {@link json}):
 * text in, the decoded value or a {@link DecodeError} out.
 */
export const decodeJson = <S extends Schema.Decoder<unknown>>(schema: S, subject: string) =>
  decodeBody(schema, subject, json)

/**
 * The start of a response body for a message: an HTML page's readable text
 * (its title and body without tags), or the text itself, cut short by {@link excerpt}.
 */
export const bodyExcerpt = (body: string): string => excerpt(textOf(body))

/** The readable text of an HTML page: its title and body without tags, for an excerpt. */
const textOf = (html: string): string =>
  html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
