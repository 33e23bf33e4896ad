/**
 * Escaping of text for HTML: what a server sends becomes text in the page,
 * never markup, and survives a browser's parser unchanged.
 *
 * @example
 * ```ts
 * import { Escape } from "@jobscope/html"
 *
 * Escape.html(`<img src=x onerror="alert(1)">`) // "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
 * ```
 */

const special = /[&<>"'\r\0]/
const specials = /[&<>"'\r\0]/g

// `\r` is written as a character reference because a parser turns a raw CR
// (and CRLF) into LF; NUL cannot be carried by HTML at all (a parser drops it
// in text and replaces even `&#0;`), so it is written as U+FFFD, as a browser shows it.
const references: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "\r": "&#13;",
  "\0": "\uFFFD"
}

const reference = (character: string): string => references[character]!

/**
 * Escapes text for an HTML text node or a quoted attribute value (either
 * quote): `& < > " '` become character references, CR is kept as `&#13;`, and
 * NUL, which HTML cannot carry, becomes U+FFFD.
 */
export const html = (text: string): string => (special.test(text) ? text.replace(specials, reference) : text)
