/**
 * Writing XML by hand, safely: text and attribute values escaped, and the
 * characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates,
 * U+FFFE/U+FFFF) dropped, so that whatever a client sent (a query with a NUL
 * in it) comes back inside a well-formed document.
 */

// Everything outside XML 1.0's Char production.
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

/** Text as element content: `&`, `<` and `>` escaped, impossible characters dropped. */
export const text = (value: string): string =>
  value.replace(notXmlChar, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")

/** Text as a double-quoted attribute value: also `"`, and the whitespace an attribute would normalise away. */
export const attribute = (value: string): string =>
  text(value).replace(/"/g, "&quot;").replace(/\t/g, "&#9;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;")

/** The XML declaration every document starts with. */
export const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'
