/**
 * Links that work where a report is opened. A server may give a URL relative
 * to its own pages (a TOM's `/targets/7/…`); a report read in a mail, an
 * issue or a file would send such a link nowhere, so it is resolved against
 * the job's page when that is an absolute http(s) URL, and otherwise not made
 * a link at all. Only http and https are ever links: a `javascript:` or
 * `data:` URL from a server must never become one.
 *
 * @example
 * ```ts
 * import { Href } from "@jobscope/core"
 *
 * Href.resolve("/pipelines/7/", "https://tom.example.org/targets/7/") // "https://tom.example.org/pipelines/7/"
 * Href.resolve("/pipelines/7/") // undefined: relative to nothing
 * Href.resolve("javascript:alert(1)", "https://tom.example.org/") // undefined
 *
 * // In a renderer's output handler: the link of an output, under the job's page.
 * const output: Handler = ({ output }, state) => Href.ofOutput(output, state.path) ?? "(no link)"
 * ```
 */
import type * as Job from "./Job.js"
import type * as Renderer from "./Renderer.js"

// Browsers drop tabs and newlines inside URLs and trim control characters and
// spaces around them, so "java\tscript:" is "javascript:"; such URLs are refused
// outright, and so are backslashes, which a browser reads as "/" in an http URL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is what it is for
const unsafe = /[\u0000-\u0020\u007f-\u009f\\]/
const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/
/** An absolute http(s) URL: its scheme and host, then path, query and fragment (RFC 3986 appendix B). */
const parts = /^(https?:\/\/[^/?#]+)([^?#]*)(\?[^#]*)?(#.*)?$/i

/** Whether the URL is an absolute http or https URL with a host, which a link may point to. */
export const isAbsolute = (url: string): boolean => !unsafe.test(url) && parts.test(url)

/** A path with its `.` and `..` segments taken out (RFC 3986 §5.2.4). */
const removeDots = (path: string): string => {
  const out: Array<string> = []
  const segments = path.split("/")
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!
    const last = index === segments.length - 1
    if (segment === "..") {
      if (out.length > 1) out.pop()
      if (last) out.push("")
    } else if (segment === ".") {
      if (last) out.push("")
    } else out.push(segment)
  }
  const joined = out.join("/")
  return joined.startsWith("/") ? joined : `/${joined}`
}

/**
 * Where a link to `url` should point: `url` itself when it is an absolute
 * http(s) URL, `url` resolved against `base` (RFC 3986 §5.2) when it is
 * relative and `base` is an absolute http(s) URL, else `undefined` (show it as text).
 */
export const resolve = (url: string, base?: string | undefined): string | undefined => {
  if (url === "" || unsafe.test(url)) return undefined
  if (scheme.test(url)) return parts.test(url) ? url : undefined
  const from = base === undefined || unsafe.test(base) ? null : parts.exec(base)
  if (from === null) return undefined
  const [, origin = "", path = "", query = ""] = from
  if (url.startsWith("//"))
    return isAbsolute(`${origin.slice(0, origin.indexOf(":"))}:${url}`)
      ? `${origin.slice(0, origin.indexOf(":"))}:${url}`
      : undefined
  const [, refPath = "", refRest = ""] = /^([^?#]*)(.*)$/s.exec(url) ?? []
  if (refPath === "")
    return `${origin}${path === "" ? "/" : path}${refRest.startsWith("#") ? query : ""}${refRest}`
  const merged = refPath.startsWith("/")
    ? refPath
    : `${path.slice(0, path.lastIndexOf("/") + 1) || "/"}${refPath}`
  return `${origin}${removeDots(merged)}${refRest}`
}

/**
 * The job's page a render is under: the `url` of the snapshot at the root of
 * a renderer's `state.path`, when the render began at a snapshot.
 */
export const pageOf = (path: ReadonlyArray<Renderer.Node>): string | undefined => {
  const root = path[0]
  return root?.type === "snapshot" ? root.snapshot.url : undefined
}

/**
 * Where a link to an output should point, in a render at `path`: its URL
 * {@link resolve}d against the job's page ({@link pageOf}); `undefined` when
 * it has no URL or none that works where the render is read.
 */
export const ofOutput = (output: Job.Output, path: ReadonlyArray<Renderer.Node>): string | undefined =>
  output.url === undefined ? undefined : resolve(output.url, pageOf(path))
