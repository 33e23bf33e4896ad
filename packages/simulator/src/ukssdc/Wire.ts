/**
 * How the simulated UKSSDC server writes replies: JSON encoded through the
 * core's wire schemas (so the simulator cannot send what the core cannot
 * read), labelled `text/html` as the real server labels it, and an HTML page
 * for a missing file.
 */
import * as Schema from "effect/Schema"
import type * as Route from "../Route.js"

/** The `Content-Type` the real server sends its JSON replies with. */
export const contentType = "text/html; charset=UTF-8"

/** The label a job's requests are counted under, e.g. `ukssdc/14`. */
export const jobLabel = (jobId: number): string => `ukssdc/${jobId}`

/**
 * A writer of JSON replies through `schema`: the value is encoded by the
 * schema, so a reply that the core would not decode throws here instead.
 */
export const writer = <S extends Schema.ConstraintEncoder<unknown>>(schema: S) => {
  const encode = Schema.encodeSync(schema)
  return (value: S["Type"], jobId?: number): Route.Reply => ({
    status: 200,
    headers: { "Content-Type": contentType },
    body: JSON.stringify(encode(value)),
    ...(jobId === undefined ? {} : { job: jobLabel(jobId) })
  })
}

const notFoundPage = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>404 Not Found</title>
</head><body>
<h1>Not Found</h1>
<p>The requested URL was not found on this server.</p>
</body></html>
`

/** The web server's own page for a file that is not there (yet), as the real server sends it. */
export const notFound = (jobId?: number): Route.Reply => ({
  status: 404,
  headers: { "Content-Type": "text/html; charset=iso-8859-1" },
  body: notFoundPage,
  ...(jobId === undefined ? {} : { job: jobLabel(jobId) })
})
