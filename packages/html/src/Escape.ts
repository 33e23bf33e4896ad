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

// Markup characters, CR, the control characters but tab and LF (C0, DEL, C1: parse errors in a
// page and escape sequences in a terminal; FF too, which a page shows as nothing), U+2028 and
// U+2029, and the invisible characters that reorder or hide text (bidirectional controls,
// zero-width spaces and joiners, the byte-order mark): each of those is shown as U+FFFD.
const specials =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is what it is for
  /[&<>"'\r\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g
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
 * each control character but tab and LF (NUL, BEL, ESC, VT, FF, DEL, the C1
 * set), U+2028/U+2029 and each invisible character that can reorder or hide
 * text (bidi controls, zero-width characters) becomes U+FFFD: HTML cannot
 * carry the controls without a parse error, a page printed in a terminal must
 * not run its escape sequences, and a reader must see what is there.
 */
export const html = (text: string): string => (special.test(text) ? text.replace(specials, reference) : text)
