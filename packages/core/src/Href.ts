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
 * ```
 */

// Browsers drop tabs and newlines inside URLs and trim control characters and
// spaces around them, so "java\tscript:" is "javascript:"; such URLs are refused outright.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is what it is for
const controlOrSpace = /[\u0000-\u0020\u007f-\u009f]/
const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/

/** An absolute http(s) URL as a parser reads it, or `undefined`. */
const absolute = (url: string): URL | undefined => {
  if (url === "" || controlOrSpace.test(url)) return undefined
  const named = scheme.exec(url)?.[1]?.toLowerCase()
  if (named !== "http" && named !== "https") return undefined
  try {
    return new URL(url)
  } catch {
    return undefined
  }
}

/** Whether the URL is an absolute http or https URL that a link may point to. */
export const isAbsolute = (url: string): boolean => absolute(url) !== undefined

/**
 * Where a link to `url` should point: `url` itself when it is an absolute
 * http(s) URL, `url` resolved against `base` when it is relative (no scheme)
 * and `base` is an absolute http(s) URL, else `undefined` (show it as text).
 */
export const resolve = (url: string, base?: string | undefined): string | undefined => {
  if (url === "" || controlOrSpace.test(url)) return undefined
  if (scheme.test(url)) return absolute(url) === undefined ? undefined : url
  const from = base === undefined ? undefined : absolute(base)
  if (from === undefined) return undefined
  try {
    const resolved = new URL(url, from)
    return resolved.protocol === "http:" || resolved.protocol === "https:" ? resolved.href : undefined
  } catch {
    return undefined
  }
}
