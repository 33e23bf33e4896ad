/**
 * Decoding UWS documents from the XML a service sends: a job document or a
 * job list in, the typed value or a core `DecodeError` out, never a throw.
 * The XML is read by `Xml.parse` under its limits (no DOCTYPE, bounded size,
 * depth and element count), then the UWS elements are picked out by
 * namespace, whatever prefix the service bound to it (or none), and checked
 * against the schemas of `JobDocument`. An HTML error page, JSON, an empty
 * body or another XML document (a VOTable error) each get their own sentence.
 *
 * @example
 * ```ts
 * import { Uws } from "@jobscope/uws"
 * import * as Result from "effect/Result"
 *
 * const job = Uws.decodeJob(body)
 * if (Result.isSuccess(job)) console.log(job.success.phase) // "EXECUTING"
 * ```
 */
import { DecodeError } from "@jobscope/core"
import * as Result from "effect/Result"
import * as Xml from "../Xml.js"
import { JobDocument, JobList, ResultList } from "./JobDocument.js"

/** The namespace of UWS job documents: 1.1 kept 1.0's (its `version` attribute tells them apart). */
export const namespace = "http://www.ivoa.net/xml/UWS/v1.0"

/**
 * Namespaces read as UWS: the standard one, the `v1.1` some services wrote
 * by mistake, and none at all (services that leave namespaces out).
 */
const uwsNamespaces: ReadonlySet<string> = new Set([namespace, "http://www.ivoa.net/xml/UWS/v1.1", ""])

const isUws = (element: Xml.Element, name: string): boolean =>
  element.name === name && uwsNamespaces.has(element.namespace)

/** The first UWS child of that name. */
const child = (element: Xml.Element, name: string): Xml.Element | undefined =>
  element.children.find((candidate) => isUws(candidate, name))

/** Every UWS child of that name, in order. */
const children = (element: Xml.Element, name: string): ReadonlyArray<Xml.Element> =>
  element.children.filter((candidate) => isUws(candidate, name))

/** An element's trimmed text, or nothing when it is absent, `xsi:nil` or empty. */
const textOf = (element: Xml.Element | undefined): string | undefined => {
  if (element === undefined || Xml.isNil(element)) return undefined
  const text = element.text.trim()
  return text === "" ? undefined : text
}

/** `{ [key]: value }` when the value is there, `{}` when not: absent keys stay absent. */
const entry = (key: string, value: string | undefined): Record<string, string> =>
  value === undefined ? {} : { [key]: value }

const attribute = (element: Xml.Element, key: string): string | undefined => element.attributes[key]?.trim()

const xlinkHref = Xml.attributeKey(Xml.xlinkNamespace, "href")

/** The root element, or a refusal naming what came instead. */
const rootOf = (text: string, name: string, limits: Xml.Limits): Xml.Element => {
  const root = Xml.parse(text, limits)
  if (!isUws(root, name)) {
    const got = root.namespace === "" ? `<${root.name}>` : `<${root.name}> in ${root.namespace}`
    throw new Xml.XmlRefused(`not a UWS ${name} document: its root element is ${got}`)
  }
  return root
}

const versionOf = (root: Xml.Element): string => attribute(root, "version") || "1.0"

/** Reads a job document's elements into the plain shape {@link JobDocument} decodes. */
const readJob = (root: Xml.Element): unknown => {
  const singles = (names: ReadonlyArray<string>) =>
    Object.assign({}, ...names.map((name) => entry(name, textOf(child(root, name)))))
  const parameters = child(root, "parameters")
  const results = child(root, "results")
  const summary = child(root, "errorSummary")
  const jobInfo = child(root, "jobInfo")
  return {
    version: versionOf(root),
    // Required: an absent one is reported missing, an empty one as empty.
    ...entry("jobId", child(root, "jobId")?.text.trim()),
    ...entry("phase", child(root, "phase")?.text.trim()),
    ...singles([
      "runId",
      "ownerId",
      "quote",
      "creationTime",
      "startTime",
      "endTime",
      "executionDuration",
      "destruction"
    ]),
    parameters: (parameters === undefined ? [] : children(parameters, "parameter")).map((parameter) => ({
      id: attribute(parameter, "id"),
      // A parameter's value is kept as written: spaces in an ADQL query matter.
      value: Xml.isNil(parameter) ? "" : parameter.text,
      ...entry("byReference", attribute(parameter, "byReference")),
      ...entry("isPost", attribute(parameter, "isPost"))
    })),
    results: results === undefined ? [] : readResults(results),
    ...(summary === undefined || Xml.isNil(summary)
      ? {}
      : {
          errorSummary: {
            type: attribute(summary, "type"),
            hasDetail: attribute(summary, "hasDetail") ?? "false",
            ...entry("message", textOf(child(summary, "message")))
          }
        }),
    ...(jobInfo === undefined || Xml.isNil(jobInfo) ? {} : { jobInfo: jobInfo.children })
  }
}

/** Reads the `result` elements of a `results` element. */
const readResults = (results: Xml.Element): ReadonlyArray<unknown> =>
  children(results, "result").map((result) => ({
    id: attribute(result, "id"),
    ...entry("href", attribute(result, xlinkHref)),
    ...entry("size", attribute(result, "size")),
    ...entry("mimeType", attribute(result, "mime-type"))
  }))

/** Reads a job list's entries into the plain shape {@link JobList} decodes. */
const readJobList = (root: Xml.Element): unknown => ({
  version: versionOf(root),
  jobs: children(root, "jobref").map((ref) => ({
    id: attribute(ref, "id"),
    ...entry("href", attribute(ref, xlinkHref)),
    ...entry("phase", child(ref, "phase")?.text.trim()),
    ...entry("runId", textOf(child(ref, "runId"))),
    ...entry("ownerId", textOf(child(ref, "ownerId"))),
    ...entry("creationTime", textOf(child(ref, "creationTime")))
  }))
})

/** A results list (`GET {job}/results`) as a body format: XML under the limits, read as UWS results. */
export const resultsFormat = (limits: Xml.Limits = {}): DecodeError.BodyFormat => ({
  name: "XML",
  parse: (text) => ({ results: readResults(rootOf(text, "results", limits)) })
})

/** A job document as a body format: XML under the limits, read as a UWS job. */
export const jobFormat = (limits: Xml.Limits = {}): DecodeError.BodyFormat => ({
  name: "XML",
  parse: (text) => readJob(rootOf(text, "job", limits))
})

/** A job list as a body format: XML under the limits, read as a UWS job list. */
export const jobListFormat = (limits: Xml.Limits = {}): DecodeError.BodyFormat => ({
  name: "XML",
  parse: (text) => readJobList(rootOf(text, "jobs", limits))
})

/**
 * A body decoder that refuses a body over the size limit before anything
 * else reads it: not even an excerpt of a 50 MB body is made.
 */
const sizeLimited = <A>(
  subject: string,
  limits: Xml.Limits,
  decode: (text: string) => Result.Result<A, DecodeError.DecodeError>
): ((text: string) => Result.Result<A, DecodeError.DecodeError>) => {
  const maxChars = limits.maxChars ?? Xml.defaultLimits.maxChars
  return (text) =>
    text.length > maxChars
      ? Result.fail(DecodeError.make(subject, [{ path: "", message: Xml.tooLong(text.length, maxChars) }]))
      : decode(text)
}

/** Makes a job document decoder with other limits than `Xml.defaultLimits`. */
export const jobDecoder = (
  limits: Xml.Limits = {}
): ((text: string) => Result.Result<JobDocument, DecodeError.DecodeError>) =>
  sizeLimited(
    "UWS job document",
    limits,
    DecodeError.decodeBody(JobDocument, "UWS job document", jobFormat(limits))
  )

/** Makes a job list decoder with other limits than `Xml.defaultLimits`. */
export const jobListDecoder = (
  limits: Xml.Limits = {}
): ((text: string) => Result.Result<JobList, DecodeError.DecodeError>) =>
  sizeLimited("UWS job list", limits, DecodeError.decodeBody(JobList, "UWS job list", jobListFormat(limits)))

/** Decodes a results list (`GET {job}/results`): the results, or a `DecodeError`. */
export const decodeResults = sizeLimited(
  "UWS results list",
  {},
  DecodeError.decodeBody(ResultList, "UWS results list", resultsFormat())
)

/** Decodes a job document: the job, or a `DecodeError` saying what is wrong and where. */
export const decodeJob = jobDecoder()

/** Decodes a job list: its entries, or a `DecodeError` saying what is wrong and where. */
export const decodeJobList = jobListDecoder()
