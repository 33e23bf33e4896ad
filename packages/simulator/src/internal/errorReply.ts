/**
 * The replies the simulator gives about itself, not as a simulated API: a
 * JSON `{ "error": sentence }` for its own paths, and the bare HTML page a
 * web server shows when something went wrong behind it.
 */
import { STATUS_CODES } from "node:http"
import * as Schema from "effect/Schema"
import type * as Route from "../Route.js"

/** The body of the simulator's own error replies (404, 405, 413, a bad admin request). */
export const ErrorBody = Schema.Struct({ error: Schema.String })

const encodeErrorBody = Schema.encodeSync(Schema.toCodecJson(ErrorBody))

/** A JSON error reply with a sentence a person can act on. */
export const json = (status: number, sentence: string, headers?: Record<string, string>): Route.Reply => ({
  status,
  body: JSON.stringify(encodeErrorBody({ error: sentence })),
  ...(headers === undefined ? {} : { headers })
})

const explanations: Record<number, string> = {
  429: "You have sent too many requests in a given amount of time. Please try again later.",
  500: "The server encountered an internal error or misconfiguration and was unable to complete your request.",
  503: "The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later."
}

/**
 * An HTML error page as Apache in front of PHP shows it, at `status`. The
 * `shownStatus` on the page may differ: a misbehaving server sends an error
 * page with status 200.
 */
export const html = (status: number, shownStatus: number = status, headers?: Record<string, string>) => {
  const reason = STATUS_CODES[shownStatus] ?? "Error"
  const explanation = explanations[shownStatus] ?? explanations[500]
  const body = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>${shownStatus} ${reason}</title>
</head><body>
<h1>${reason}</h1>
<p>${explanation}</p>
<hr>
<address>Apache Server at 127.0.0.1</address>
</body></html>
`
  return {
    status,
    headers: { "Content-Type": "text/html; charset=UTF-8", ...headers },
    body
  } satisfies Route.Reply
}
