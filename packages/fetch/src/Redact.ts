/**
 * Credentials removed from anything a server says back: a server that echoes
 * a UKSSDC user ID, a TOO shared secret or a TOM token ("Invalid token
 * tom-secret-123") must not get it printed, logged or saved. Matching is done
 * on a normalised copy of the text, so an echo disguised as
 * `tom%2Dsecret`, `tom&#45;secret`, `tom\u200Bsecret` (zero-width split),
 * full-width `ｔｏｍ-secret` or `TOM-SECRET` is found too: URL escapes, HTML
 * entities and `\uXXXX` escapes are decoded, the text is NFKC-normalised,
 * invisible format characters are dropped and case is folded. The match is
 * then replaced in the original text.
 *
 * @example
 * ```ts
 * import { Redact } from "@jobscope/fetch"
 *
 * const scrub = Redact.make(["tom-secret-123"])
 * scrub("Invalid token tom%2Dsecret%2D123") // "Invalid token (hidden)"
 * ```
 */

import * as Schema from "effect/Schema"
import * as FetchError from "./FetchError.js"

/** What a credential is replaced with (default). */
export const hidden = "(hidden)"

/** Credentials shorter than this are not scrubbed: every text would lose its "e"s to a secret "e". */
export const shortest = 4

/** The shortest cut-off start of a credential still hidden where a text ends in "…" (an excerpt). */
const shortestPrefix = 3

/** Options of {@link make}. */
export interface Options {
  /** What each credential is replaced with (default: {@link hidden}). */
  readonly replacement?: string
}

/** A text in its compared form, with where each of its UTF-16 units came from in the original. */
interface Folded {
  readonly text: string
  /** For each unit of `text`: the start of the original piece it came from. */
  readonly from: ReadonlyArray<number>
  /** For each unit of `text`: the end of the original piece it came from. */
  readonly to: ReadonlyArray<number>
}

const named: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  hyphen: "-",
  dash: "-",
  period: ".",
  commat: "@",
  lowbar: "_",
  plus: "+"
}

const percentRun = /^(?:%[0-9a-f]{2})+/i
const entity = /^&(?:#x([0-9a-f]{1,6})|#(\d{1,7})|([a-z]{2,8}));?/i
const jsonEscape = /^\\u([0-9a-f]{4})/i
/** Characters that show nothing: zero-width spaces and joiners, bidi controls, soft hyphens, variation selectors. */
const invisible = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu

const fromCode = (code: number): string =>
  code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "\ufffd"

/** The next piece of `text` at `at` decoded: an escape, an entity, or one code point; and its length. */
const pieceAt = (text: string, at: number): readonly [string, number] => {
  const char = text[at]!
  if (char === "%") {
    const run = percentRun.exec(text.slice(at, at + 3 * 64))
    if (run !== null) {
      const bytes = Uint8Array.from(run[0].slice(1).split("%"), (hex) => Number.parseInt(hex, 16))
      return [new TextDecoder().decode(bytes), run[0].length]
    }
  } else if (char === "&") {
    const match = entity.exec(text.slice(at, at + 12))
    if (match !== null) {
      const decoded =
        match[1] !== undefined
          ? fromCode(Number.parseInt(match[1], 16))
          : match[2] !== undefined
            ? fromCode(Number(match[2]))
            : named[match[3]!.toLowerCase()]
      if (decoded !== undefined) return [decoded, match[0].length]
    }
  } else if (char === "\\") {
    const match = jsonEscape.exec(text.slice(at, at + 6))
    if (match !== null) return [String.fromCharCode(Number.parseInt(match[1]!, 16)), 6]
  }
  const codePoint = text.codePointAt(at)!
  const length = codePoint > 0xffff ? 2 : 1
  return [text.slice(at, at + length), length]
}

/** Printable ASCII without an escape's first character: text whose compared form is its lower case. */
const plainAscii = /^[\t\n\r\x20-\x24\x27-\x5b\x5d-\x7e]*$/

/** A piece as compared: NFKC, nothing invisible, lower case (only lower case for ASCII, which NFKC keeps). */
const fold = (piece: string): string =>
  piece.length === 1 && piece.charCodeAt(0) < 0x80
    ? piece.toLowerCase()
    : piece.normalize("NFKC").replace(invisible, "").toLowerCase()

const folded = (text: string): Folded => {
  // Most text a server sends is plain ASCII: compared as it is, lower-cased, each unit where it was.
  if (plainAscii.test(text)) {
    const from = Array.from({ length: text.length }, (_, at) => at)
    return { text: text.toLowerCase(), from, to: from.map((at) => at + 1) }
  }
  let out = ""
  const from: Array<number> = []
  const to: Array<number> = []
  for (let at = 0; at < text.length; ) {
    const [piece, length] = pieceAt(text, at)
    const compared = fold(piece)
    out += compared
    for (let unit = 0; unit < compared.length; unit++) {
      from.push(at)
      to.push(at + length)
    }
    at += length
  }
  return { text: out, from, to }
}

/** A credential as compared: decoded and folded the same way as the texts it is looked for in. */
const foldSecret = (secret: string): string => folded(secret).text

/**
 * A function that replaces every credential in a text, however a server
 * disguised it (see the module). Credentials shorter than {@link shortest}
 * characters are ignored.
 */
export const make = (secrets: Iterable<string>, options: Options = {}): ((text: string) => string) => {
  const replacement = options.replacement ?? hidden
  const wanted = [...new Set(Array.from(secrets, foldSecret))].filter((secret) => secret.length >= shortest)
  if (wanted.length === 0) return (text) => text
  return (text) => {
    if (text === "") return text
    // The common case, cheaply: plain ASCII that holds no credential even lower-cased.
    if (plainAscii.test(text)) {
      const lower = text.toLowerCase()
      if (!wanted.some((secret) => lower.includes(secret))) return text
    }
    const compared = folded(text)
    const spans: Array<readonly [number, number]> = []
    for (const secret of wanted) {
      for (let at = compared.text.indexOf(secret); at !== -1; at = compared.text.indexOf(secret, at + 1))
        spans.push([compared.from[at]!, compared.to[at + secret.length - 1]!])
      // An excerpt cut short inside the credential ("… your id is ab…") loses the part it kept.
      if (text.endsWith("…")) {
        // "…" folds to "...": the body is what came before it.
        const cut = compared.from.findIndex((start) => start >= text.length - 1)
        const body = compared.text.slice(0, cut === -1 ? compared.text.length : cut)
        for (let length = Math.min(secret.length - 1, body.length); length >= shortestPrefix; length--)
          if (body.endsWith(secret.slice(0, length))) {
            spans.push([compared.from[body.length - length]!, text.length - 1])
            break
          }
      }
    }
    if (spans.length === 0) return text
    spans.sort((a, b) => a[0] - b[0])
    let out = ""
    let done = 0
    for (const [start, end] of spans) {
      if (end <= done) continue
      out += text.slice(done, Math.max(start, done))
      if (start >= done) out += replacement
      done = end
    }
    return out + text.slice(done)
  }
}

/**
 * Applies a scrub to every string in a JSON-like value (plain objects and
 * arrays; anything else is kept as it is); answers the value itself when
 * nothing changed.
 */
export const deep =
  (scrub: (text: string) => string) =>
  <A>(value: A): A => {
    const walk = (inner: unknown): unknown => {
      if (typeof inner === "string") return scrub(inner)
      if (Array.isArray(inner)) {
        let changed = false
        const next = inner.map((item) => {
          const after = walk(item)
          if (after !== item) changed = true
          return after
        })
        return changed ? next : inner
      }
      if (typeof inner === "object" && inner !== null) {
        const prototype = Object.getPrototypeOf(inner)
        if (prototype !== Object.prototype && prototype !== null) return inner
        let changed = false
        const next: Record<string, unknown> = {}
        for (const [key, item] of Object.entries(inner)) {
          const after = walk(item)
          if (after !== item) changed = true
          next[key] = after
        }
        return changed ? next : inner
      }
      return inner
    }
    return walk(value) as A
  }

/**
 * A function that scrubs every text of a request error (its message, the
 * server's words, excerpts, problems); answers the error itself when it held
 * no credential.
 */
export const errors = (
  scrub: (text: string) => string
): (<E extends FetchError.FetchError>(error: E) => E) => {
  const inner = deep(scrub)
  return <E extends FetchError.FetchError>(error: E): E => {
    const encoded = encodeError(error)
    const scrubbed = inner(encoded)
    return scrubbed === encoded ? error : (decodeError(scrubbed) as E)
  }
}

const encodeError = Schema.encodeSync(FetchError.FetchError)
const decodeError = Schema.decodeUnknownSync(FetchError.FetchError)
