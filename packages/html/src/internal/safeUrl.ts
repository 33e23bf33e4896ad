// Browsers drop tabs and newlines inside URLs and trim control characters and
// spaces around them, so "java\tscript:" is "javascript:"; such URLs are refused outright.
const controlOrSpace = /[\0-\x20\x7f]/
const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/

/** The URL if a link to it is safe to put in a page (http, https, or relative), else `undefined`. */
export const safeUrl = (url: string): string | undefined => {
  if (url === "" || controlOrSpace.test(url)) return undefined
  const named = scheme.exec(url)?.[1]?.toLowerCase()
  return named === undefined || named === "http" || named === "https" ? url : undefined
}
