/**
 * Whether a page `jobscope` writes is well-formed HTML, by a real HTML
 * parser's account: parse5 reports every parse error a browser would
 * silently recover from (a tag closed out of order, an element never
 * closed, a stray character reference, a missing doctype).
 */
import { parse } from "parse5"

/** parse5's parse errors for `html`, each as `code at line:column`; empty for a well-formed page. */
export const parseErrors = (html: string): ReadonlyArray<string> => {
  const errors: Array<string> = []
  parse(html, {
    onParseError: (error) => errors.push(`${error.code} at ${error.startLine}:${error.startCol}`)
  })
  return errors
}
