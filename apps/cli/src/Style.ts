/**
 * Terminal styling that can be switched off, and terminal safety: whether to
 * colour at all ({@link wantsColor}), ANSI colours ({@link make}), text from a
 * server made harmless ({@link sanitize}), and the display width of a line
 * and cutting it to a number of columns ({@link width}, {@link truncate}).
 *
 * @example
 * ```ts
 * import * as Style from "./Style.js"
 *
 * const style = Style.make(Style.wantsColor(process.env, process.stdout.isTTY === true))
 * const label = Style.sanitize("Spectrum\u001b]0;pwned\u0007", { singleLine: true }) // "Spectrum"
 * console.log(Style.truncate(`${style.green("✓")} ${label} is done`, 12)) // "✓ Spectrum …"
 * ```
 */

/** Ways to style text; each is the identity when {@link Style.color} is off. */
export interface Style {
  /** Whether this style writes colour codes at all. */
  readonly color: boolean
  readonly bold: (text: string) => string
  readonly dim: (text: string) => string
  readonly green: (text: string) => string
  readonly red: (text: string) => string
  readonly yellow: (text: string) => string
  readonly cyan: (text: string) => string
  readonly magenta: (text: string) => string
}

const sgr = (code: number): string => `\u001b[${code}m`

/**
 * Wraps text in an SGR attribute and its closing code. A close of the same
 * attribute inside the text (nested styling) re-opens it, so the outer style
 * carries on after the inner one ends.
 */
const attribute = (open: number, close: number) => {
  const start = sgr(open)
  const end = sgr(close)
  return (text: string): string => `${start}${text.replaceAll(end, `${end}${start}`)}${end}`
}

const identity = (text: string): string => text

/** No escape codes at all. */
export const plain: Style = {
  color: false,
  bold: identity,
  dim: identity,
  green: identity,
  red: identity,
  yellow: identity,
  cyan: identity,
  magenta: identity
}

const colored: Style = {
  color: true,
  bold: attribute(1, 22),
  dim: attribute(2, 22),
  green: attribute(32, 39),
  red: attribute(31, 39),
  yellow: attribute(33, 39),
  cyan: attribute(36, 39),
  magenta: attribute(35, 39)
}

/** The style with colour on or off ({@link plain}). */
export const make = (color: boolean): Style => (color ? colored : plain)

/**
 * Whether to colour output, from the environment and whether it goes to a
 * terminal, in this order:
 *
 * 1. `NO_COLOR` set to anything but "" → no colour (https://no-color.org).
 * 2. `FORCE_COLOR` "0" or "false" → no colour; any other non-empty value → colour.
 * 3. `TERM=dumb` → no colour.
 * 4. Otherwise colour only on a terminal.
 */
export const wantsColor = (env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean => {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false
  const force = env.FORCE_COLOR
  if (force !== undefined && force !== "") return force !== "0" && force !== "false"
  if (env.TERM === "dumb") return false
  return isTTY
}

/** How {@link sanitize} treats line breaks. */
export interface SanitizeOptions {
  /** Turn line breaks into spaces too, for text that must stay on one line (default: false). */
  readonly singleLine?: boolean
}

const ESC = 0x1b
const BEL = 0x07
/** The 8-bit String Terminator, which also ends an 8-bit or 7-bit control string. */
const ST = 0x9c
/** The 8-bit Control Sequence Introducer. */
const CSI = 0x9b

/** What follows ESC to open a control string that runs to a terminator: OSC `]`, DCS `P`, SOS `X`, PM `^`, APC `_`. */
const stringOpeners = new Set(["]", "P", "X", "^", "_"])

/** The 8-bit forms of those: DCS, SOS, OSC, PM, APC. */
const stringOpeners8 = new Set([0x90, 0x98, 0x9d, 0x9e, 0x9f])

/**
 * Characters a terminal shows as nothing but that change what is shown
 * around them: the bidirectional overrides, embeddings and isolates (which
 * can reorder a line so it reads as something else) and the byte-order mark.
 */
const invisible = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/

/** Where a control string starting its payload at `from` ends (just past its terminator), or -1 when it has none. */
const stringEnd = (text: string, from: number): number => {
  for (let at = from; at < text.length; at++) {
    const code = text.charCodeAt(at)
    if (code === BEL || code === ST) return at + 1
    if (code === ESC && text[at + 1] === "\\") return at + 2
  }
  return -1
}

/** Where the parameters and intermediates of a control sequence starting at `from` end, past its final byte when it has one. */
const sequenceEnd = (text: string, from: number): number => {
  let at = from
  while (at < text.length && isBetween(text.charCodeAt(at), 0x30, 0x3f)) at++
  while (at < text.length && isBetween(text.charCodeAt(at), 0x20, 0x2f)) at++
  return at < text.length && isBetween(text.charCodeAt(at), 0x40, 0x7e) ? at + 1 : at
}

const isBetween = (code: number, low: number, high: number): boolean => code >= low && code <= high

/**
 * Text from a server made safe to write to a terminal: every ANSI escape
 * sequence (CSI `ESC [ …` and its 8-bit form 0x9b, OSC `ESC ] … BEL/ST` and
 * the other control strings, two-byte escapes such as `ESC c`, a lone ESC),
 * every other C0 and C1 control character and DEL, and the invisible
 * characters that reorder a line (bidirectional overrides) are removed, so the
 * text cannot move the cursor, recolour, retitle the window or hide itself.
 * Printable Unicode is kept. Tabs become a space; `\r\n`, a lone `\r`, U+2028
 * and U+2029 become `\n`, or a space too with `singleLine`.
 *
 * A control string with no terminator loses only its opening, so its text
 * shows rather than swallowing the rest. The work is linear in the length of
 * the text, whatever it holds.
 */
export const sanitize = (text: string, options: SanitizeOptions = {}): string => {
  const lineBreak = options.singleLine === true ? " " : "\n"
  let out = ""
  /** Past this index no control string is terminated, so looking again is wasted. */
  let unterminatedFrom = Number.POSITIVE_INFINITY
  let at = 0
  while (at < text.length) {
    const code = text.charCodeAt(at)
    if (code === ESC || code === CSI || stringOpeners8.has(code)) {
      const eightBit = code !== ESC
      const next = eightBit ? "" : (text[at + 1] ?? "")
      const payload = eightBit ? at + 1 : at + 2
      if (code === CSI || next === "[") {
        at = sequenceEnd(text, payload)
      } else if (stringOpeners8.has(code) || stringOpeners.has(next)) {
        const end = payload >= unterminatedFrom ? -1 : stringEnd(text, payload)
        if (end === -1) unterminatedFrom = Math.min(unterminatedFrom, payload)
        at = end === -1 ? payload : end
      } else {
        // A two-byte escape (ESC 7, ESC c, ESC ( B …): intermediates, then one final byte.
        let end = at + 1
        while (end < text.length && isBetween(text.charCodeAt(end), 0x20, 0x2f)) end++
        at = end < text.length && isBetween(text.charCodeAt(end), 0x30, 0x7e) ? end + 1 : end
      }
      continue
    }
    if (code === 0x0d) {
      out += lineBreak
      at += text.charCodeAt(at + 1) === 0x0a ? 2 : 1
      continue
    }
    if (code === 0x0a || code === 0x2028 || code === 0x2029) out += lineBreak
    else if (code === 0x09) out += " "
    else if (code < 0x20 || isBetween(code, 0x7f, 0x9f) || invisible.test(text[at]!)) {
      // dropped
    } else out += text[at]
    at++
  }
  return out
}

/** Characters that take no column: combining marks (variation selectors among them) and format characters (ZWJ, ZWSP …). */
const zeroWidth = /^[\p{Mn}\p{Me}\p{Cf}]$/u

/** East Asian Wide and Fullwidth ranges, and the emoji blocks terminals draw two columns wide. */
const wideRanges: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x23f0, 0x23f0],
  [0x23f3, 0x23f3],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x267f, 0x267f],
  [0x2693, 0x2693],
  [0x26a1, 0x26a1],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x26ce, 0x26ce],
  [0x26d4, 0x26d4],
  [0x26ea, 0x26ea],
  [0x26f2, 0x26f3],
  [0x26f5, 0x26f5],
  [0x26fa, 0x26fa],
  [0x26fd, 0x26fd],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x274e, 0x274e],
  [0x2753, 0x2755],
  [0x2757, 0x2757],
  [0x2795, 0x2797],
  [0x27b0, 0x27b0],
  [0x27bf, 0x27bf],
  [0x2b1b, 0x2b1c],
  [0x2b50, 0x2b50],
  [0x2b55, 0x2b55],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f004, 0x1f004],
  [0x1f0cf, 0x1f0cf],
  [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a],
  [0x1f200, 0x1f251],
  [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff],
  [0x1f7e0, 0x1f7eb],
  [0x1f90c, 0x1f9ff],
  [0x1fa70, 0x1faff],
  [0x20000, 0x3fffd]
]

/** The columns one character (a code point) takes: 0, 1 or 2. */
const charWidth = (char: string): number => {
  const point = char.codePointAt(0)!
  if (point < 0x300) return point < 0x20 || isBetween(point, 0x7f, 0x9f) ? 0 : 1
  if (zeroWidth.test(char)) return 0
  for (const [low, high] of wideRanges) {
    if (point < low) return 1
    if (point <= high) return 2
  }
  return 1
}

/**
 * Splits text into control sequences `ESC [ …` (our colours, kept whole, taking
 * no room on screen) and single characters, in order.
 */
const pieces = function* (text: string): Generator<{ readonly escape: boolean; readonly text: string }> {
  let at = 0
  while (at < text.length) {
    if (text.charCodeAt(at) === ESC && text[at + 1] === "[") {
      const end = sequenceEnd(text, at + 2)
      yield { escape: true, text: text.slice(at, end) }
      at = end
      continue
    }
    const char = String.fromCodePoint(text.codePointAt(at)!)
    yield { escape: false, text: char }
    at += char.length
  }
}

/**
 * The columns a line takes on a terminal: escape sequences (our colours) take
 * none, combining marks and zero-width characters none, East Asian wide
 * characters and emoji two, everything else one. A simple range check, not
 * the whole of Unicode's width tables.
 */
export const width = (text: string): number => {
  let columns = 0
  for (const piece of pieces(text)) if (!piece.escape) columns += charWidth(piece.text)
  return columns
}

const reset = sgr(0)

/**
 * Plain text (no escape sequences) broken into lines of at most `columns`
 * columns: at spaces where it can, inside a word longer than a line where it
 * must. Runs of spaces between words become one. A `columns` that is not a
 * positive number, or Infinity, breaks nothing.
 */
export const wrap = (text: string, columns: number): ReadonlyArray<string> => {
  if (!(columns >= 1) || columns === Number.POSITIVE_INFINITY) return [text]
  const room = Math.floor(columns)
  const lines: Array<string> = []
  let line = ""
  let used = 0
  const add = (char: string, needs: number) => {
    if (used + needs > room && line !== "") {
      lines.push(line)
      line = ""
      used = 0
    }
    line += char
    used += needs
  }
  for (const word of text.split(" ").filter((part) => part !== "")) {
    const needs = width(word)
    if (line !== "") {
      if (used + 1 + needs <= room || (needs > room && used + 1 < room)) {
        // It fits after a space, or it is too long for any line and starts here, broken where it must.
        line += " "
        used += 1
      } else {
        lines.push(line)
        line = ""
        used = 0
      }
    }
    for (const char of word) add(char, charWidth(char))
  }
  return line === "" && lines.length > 0 ? lines : [...lines, line]
}

/**
 * The line cut to at most `columns` columns, ending in "…" when it was cut.
 * Escape sequences are never cut in half; when colour codes were kept, a
 * reset follows the "…" so no colour runs past the line. A `columns` that is
 * not a number (NaN) cuts nothing; one under 1 leaves nothing.
 */
export const truncate = (text: string, columns: number): string => {
  if (Number.isNaN(columns) || width(text) <= columns) return text
  const room = Math.floor(columns) - 1
  if (room < 0) return ""
  let out = ""
  let used = 0
  let styled = false
  for (const piece of pieces(text)) {
    if (piece.escape) {
      out += piece.text
      styled = true
      continue
    }
    const needs = charWidth(piece.text)
    if (used + needs > room) break
    out += piece.text
    used += needs
  }
  return `${out}…${styled ? reset : ""}`
}
