/**
 * Escaping of untrusted text for GitHub-flavoured Markdown: what a server says
 * comes out as the same text, and never as emphasis, a link, an image, an
 * autolink (`www.`, `https://`, e-mail), HTML, an entity, code, strikethrough,
 * math, a table cell, a heading, a quote, a list item or a thematic break.
 *
 * Most characters are escaped with a backslash. Words that GFM turns into
 * links *after* escapes are resolved (`www.example.org`, `https://…`,
 * `someone@example.org`) are shown as code spans instead, which also keeps
 * GitHub from reading `@name` as a mention.
 *
 * What a reader sees is the text with each line trimmed and blank lines
 * dropped, `\r\n` and `\r` read as line breaks, and control characters
 * (NUL, ESC, BEL…; not tab) as U+FFFD, so that none reaches a terminal.
 *
 * @example
 * ```ts
 * import { Escape } from "@jobscope/markdown"
 *
 * Escape.text("[x](javascript:alert(1)) by admin@example.org") // "\\[x\\](javascript:alert(1)) by `admin@example.org`"
 * ```
 */
import { Scrub } from "@jobscope/core"
import { escapeLine } from "./internal/escapeLine.js"

const lineBreak = /\r\n|\r|\n/

/** The lines of `text` a reader sees: trimmed, without the blank ones. */
const shownLines = (text: string): ReadonlyArray<string> =>
  // Controls and invisible characters first: `trim` would drop a VT, FF or U+2028 unseen.
  Scrub.controls(text)
    .split(lineBreak)
    .map((line) => line.trim())
    .filter((line) => line !== "")

/**
 * Markdown showing `text` on one line, in a paragraph, a list item, a heading
 * or a table cell: its line breaks become spaces.
 *
 * @example
 * ```ts
 * Escape.text("# Done\n- [x] *all*") // "\\# Done - \\[x\\] \\*all\\*"
 * ```
 */
export const text = (text: string): string => escapeLine(shownLines(text).join(" "), true)

/**
 * Markdown showing `text` with its line breaks, as hard line breaks, for a
 * paragraph or a list item. Every line after the first starts with `indent`,
 * which must be the indentation of the enclosing list item's content (default: "").
 *
 * @example
 * ```ts
 * Escape.lines("Traceback:\n  File x", "  ") // "Traceback:\\\n  File x"
 * ```
 */
export const lines = (text: string, indent = ""): string =>
  shownLines(text)
    .map((line) => escapeLine(line, true))
    .join(`\\\n${indent}`)
