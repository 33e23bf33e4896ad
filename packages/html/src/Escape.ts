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

// Markup characters, CR, and the control characters that are not HTML whitespace (C0 but tab,
// LF, FF and CR; DEL; C1), which are parse errors in a page and escape sequences in a terminal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is what it is for
const specials = /[&<>"'\r\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F]/g
/** The same set, to tell text that needs nothing, which most text is, and is returned as it is. */
const special = new RegExp(specials.source)

// `\r` is written as a character reference because a parser turns a raw CR
// (and CRLF) into LF. NUL cannot be carried by HTML at all (a parser drops it
// in text and replaces even `&#0;`), and the other controls have no reference that
// keeps them (`&#x80;`…`&#x9F;` read as Windows-1252), so each is written as U+FFFD.
const references: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "\r": "&#13;"
}

const reference = (character: string): string => references[character] ?? "\uFFFD"

/**
 * Escapes text for an HTML text node or a quoted attribute value (either
 * quote): `& < > " '` become character references, CR is kept as `&#13;`, and
 * each control character that is not whitespace (NUL, BEL, ESC, DEL, the C1
 * set) becomes U+FFFD: HTML cannot carry them without a parse error, and a
 * page printed in a terminal must not run its escape sequences.
 */
export const html = (text: string): string => (special.test(text) ? text.replace(specials, reference) : text)
