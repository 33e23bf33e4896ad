/**
 * UWS documents as real services write them: the job (`<uws:job>`), the job
 * list (`<uws:jobs>` of `<uws:jobref>`), and the parameters and results
 * lists, in the UWS namespace with the `uws:` prefix and the xlink and xsi
 * namespaces; unknown times are `xsi:nil="true"`. Version 1.1 documents say
 * `version="1.1"` and carry `creationTime` and the results' `size` and
 * `mime-type`; 1.0 documents have none of these.
 */
import * as Xml from "../internal/xml.js"
import type * as Phase from "./Phase.js"

/** The namespace of UWS documents, the same for 1.0 and 1.1. */
export const namespace = "http://www.ivoa.net/xml/UWS/v1.0"

/** The UWS version a service speaks. */
export type Version = "1.0" | "1.1"

/** The `Content-Type` of every UWS XML document. */
export const contentType = "text/xml; charset=UTF-8"

/** One result of a job, as listed. */
export interface Result {
  readonly id: string
  readonly href: string
  /** Bytes (1.1 only). */
  readonly size: number
  readonly mimeType: string
}

/** A job's error summary. */
export interface ErrorSummary {
  readonly type: "fatal" | "transient"
  readonly message: string
  readonly hasDetail: boolean
}

/** A job as its document shows it; times are epoch ms. */
export interface JobView {
  readonly id: string
  readonly runId: string | undefined
  readonly owner: string | undefined
  readonly phase: Phase.Phase
  readonly quote: number | undefined
  readonly created: number
  readonly start: number | undefined
  readonly end: number | undefined
  readonly executionDuration: number
  readonly destruction: number
  readonly parameters: ReadonlyArray<{ readonly name: string; readonly value: string }>
  readonly results: ReadonlyArray<Result>
  readonly error: ErrorSummary | undefined
}

/** A job as the job list shows it. */
export interface JobRef {
  readonly id: string
  readonly href: string
  readonly phase: Phase.Phase
  readonly runId: string | undefined
  readonly owner: string | undefined
  readonly created: number
}

const namespaces = `xmlns:uws="${namespace}" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`

const rootAttributes = (version: Version): string =>
  version === "1.1" ? `${namespaces} version="1.1"` : namespaces

const iso = (millis: number): string => new Date(millis).toISOString()

/** `<uws:name>value</uws:name>`, or the nil element when there is no value. */
const nillable = (name: string, value: string | undefined): string =>
  value === undefined ? `<uws:${name} xsi:nil="true"/>` : `<uws:${name}>${Xml.text(value)}</uws:${name}>`

const parameterElements = (parameters: JobView["parameters"]): string =>
  parameters
    .map(
      (parameter) =>
        `<uws:parameter id="${Xml.attribute(parameter.name)}">${Xml.text(parameter.value)}</uws:parameter>`
    )
    .join("\n    ")

const resultElements = (results: ReadonlyArray<Result>, version: Version): string =>
  results
    .map((result) => {
      const extra =
        version === "1.1" ? ` size="${result.size}" mime-type="${Xml.attribute(result.mimeType)}"` : ""
      return `<uws:result id="${Xml.attribute(result.id)}" xlink:href="${Xml.attribute(result.href)}"${extra}/>`
    })
    .join("\n    ")

const block = (name: string, inner: string): string =>
  inner === "" ? `<uws:${name}/>` : `<uws:${name}>\n    ${inner}\n  </uws:${name}>`

/** The job document. */
export const job = (view: JobView, version: Version): string => {
  const lines = [
    `<uws:jobId>${Xml.text(view.id)}</uws:jobId>`,
    ...(view.runId === undefined ? [] : [`<uws:runId>${Xml.text(view.runId)}</uws:runId>`]),
    nillable("ownerId", view.owner),
    `<uws:phase>${view.phase}</uws:phase>`,
    nillable("quote", view.quote === undefined ? undefined : iso(view.quote)),
    ...(version === "1.1" ? [`<uws:creationTime>${iso(view.created)}</uws:creationTime>`] : []),
    nillable("startTime", view.start === undefined ? undefined : iso(view.start)),
    nillable("endTime", view.end === undefined ? undefined : iso(view.end)),
    `<uws:executionDuration>${view.executionDuration}</uws:executionDuration>`,
    nillable("destruction", iso(view.destruction)),
    block("parameters", parameterElements(view.parameters)),
    block("results", resultElements(view.results, version)),
    ...(view.error === undefined
      ? []
      : [
          `<uws:errorSummary type="${view.error.type}" hasDetail="${view.error.hasDetail}">\n    <uws:message>${Xml.text(view.error.message)}</uws:message>\n  </uws:errorSummary>`
        ])
  ]
  return `${Xml.declaration}<uws:job ${rootAttributes(version)}>\n  ${lines.join("\n  ")}\n</uws:job>\n`
}

/** The job list. */
export const jobs = (refs: ReadonlyArray<JobRef>, version: Version): string => {
  const entries = refs.map((ref) => {
    const inner = [
      `<uws:phase>${ref.phase}</uws:phase>`,
      ...(version === "1.1"
        ? [
            ...(ref.runId === undefined ? [] : [`<uws:runId>${Xml.text(ref.runId)}</uws:runId>`]),
            nillable("ownerId", ref.owner),
            `<uws:creationTime>${iso(ref.created)}</uws:creationTime>`
          ]
        : [])
    ]
    return `<uws:jobref id="${Xml.attribute(ref.id)}" xlink:href="${Xml.attribute(ref.href)}">\n    ${inner.join("\n    ")}\n  </uws:jobref>`
  })
  const body = entries.length === 0 ? "" : `\n  ${entries.join("\n  ")}\n`
  return `${Xml.declaration}<uws:jobs ${rootAttributes(version)}>${body}</uws:jobs>\n`
}

/** The parameters list, as served at `/parameters`. */
export const parameters = (view: JobView): string =>
  `${Xml.declaration}<uws:parameters ${namespaces}>\n  ${parameterElements(view.parameters)}\n</uws:parameters>\n`

/** The results list, as served at `/results`. */
export const results = (view: JobView, version: Version): string =>
  `${Xml.declaration}<uws:results ${namespaces}>\n  ${resultElements(view.results, version)}\n</uws:results>\n`
