/**
 * The Markdown source of one line of literal text: the part of escaping that
 * `Escape` and `InlineHtml` share. The line holds no line break.
 */
import { Scrub } from "@jobscope/core"
import { longestBacktickRun } from "./backticks.js"

/** Characters escaped wherever they are: each could open a construct (emphasis, link, code, HTML, math, a table cell…). */
const alwaysEscaped = new Set(["\\", "`", "*", "<", ">", "[", "]", "~", "|", "#", "$"])

/** Characters escaped at the start of a line, where they could open a list, a setext underline or a table. */
const lineStartEscaped = new Set(["-", "+", "=", ":"])

/** An ordered-list marker at the start of a line: the digits, then the `.` or `)` to escape. */
const orderedMarker = /^(\d{1,9})([.)])(?=[ \t]|$)/

/**
 * Whitespace-delimited words that GFM turns into links, in the text *after*
 * escapes are resolved (remark's autolink-literal transform, GitHub's
 * autolink extension): e-mail addresses, `www.` hosts, `scheme://` URLs. A
 * backslash cannot stop them; a code span can.
 */
const linkLike = /@|:\/\/|www\./i

const wordChar = /[\p{L}\p{N}]/u

const isWordChar = (char: string | undefined): boolean => char !== undefined && wordChar.test(char)

/** A code span showing `text` literally; `text` holds no whitespace. */
const codeSpan = (text: string): string => {
  const fence = "`".repeat(longestBacktickRun(text) + 1)
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : ""
  return `${fence}${pad}${text}${pad}${fence}`
}

/**
 * A word that GFM would turn into a link, as code spans. A pipe splits a table
 * cell even inside a code span, so pipes stay outside the spans, escaped.
 */
const literalWord = (word: string): string =>
  word
    .split("|")
    .map((part) => (part === "" ? "" : codeSpan(part)))
    .join("\\|")

/** Escapes the characters of a word that starts at `offset` in `line`. */
const escapeWord = (line: string, word: string, offset: number, atLineStart: boolean): string => {
  let out = ""
  for (let index = 0; index < word.length; index++) {
    const char = word[index]!
    const at = offset + index
    const escaped =
      alwaysEscaped.has(char) ||
      (atLineStart && at === 0 && lineStartEscaped.has(char)) ||
      // `_` between two letters or digits can neither open nor close emphasis.
      (char === "_" && !(isWordChar(line[at - 1]) && isWordChar(line[at + 1]))) ||
      // Only `&` that could start a character reference (`&amp;`, `&#38;`).
      (char === "&" && /[A-Za-z0-9#]/.test(line[at + 1] ?? ""))
    out += escaped ? `\\${char}` : char
  }
  return out
}

/**
 * Markdown that shows `text` literally. The caller has removed line breaks;
 * `atLineStart` says whether the text begins a line of the source, where list
 * markers, setext underlines and table rows would otherwise start.
 */
export const escapeLine = (text: string, atLineStart: boolean): string => {
  // CommonMark reads NUL as U+FFFD; other control characters must not reach a terminal either.
  const line = Scrub.controls(text)
  // A parser drops a byte order mark that starts a document; as a reference it stays, and starts the line itself.
  if (atLineStart && line.startsWith("\uFEFF")) return `&#xFEFF;${escapeLine(line.slice(1), false)}`
  let out = ""
  let offset = 0
  for (const part of line.split(/(\s+)/)) {
    if (part === "") continue
    const start = offset
    offset += part.length
    if (/^\s/.test(part)) out += part
    else if (linkLike.test(part)) out += literalWord(part)
    else {
      const marker = start === 0 && atLineStart ? orderedMarker.exec(part) : null
      out +=
        marker === null
          ? escapeWord(line, part, start, atLineStart)
          : `${marker[1]}\\${marker[2]}${escapeWord(line, part.slice(marker[0].length), marker[0].length, false)}`
    }
  }
  return out
}
