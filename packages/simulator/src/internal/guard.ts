/**
 * What keeps a web page elsewhere from using a simulator on this machine:
 * a request must name the simulator by a loopback Host (a DNS-rebinding page
 * names its own domain), and a request to the admin routes (`/_sim/…`, which
 * move the clock and inject faults) from a browser must come from the
 * simulator's own origin (a cross-site form or `text/plain` POST says
 * another in `Origin`). Admin replies carry no CORS header, so no other
 * origin can read them either.
 */
import type { IncomingHttpHeaders } from "node:http"
import type * as Route from "../Route.js"
import * as ErrorReply from "./errorReply.js"

const loopbackHost = /^(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(?::\d+)?$/i

/** The refusal of a request from where the simulator must not be used, or undefined when it may go on. */
export const refusal = (headers: IncomingHttpHeaders, admin: boolean): Route.Reply | undefined => {
  const host = headers.host ?? ""
  if (!loopbackHost.test(host))
    return ErrorReply.json(
      421,
      `the simulator answers only to a loopback address, not to Host ${JSON.stringify(host.slice(0, 100))}`
    )
  const origin = headers.origin
  if (admin && origin !== undefined && origin !== `http://${host}`)
    return ErrorReply.json(403, "the simulator's admin routes take requests from its own pages only")
  return undefined
}
