/**
 * The text of the little inline HTML a server may put in free text (a UKSSDC
 * `PreProgress`: "Trying using the <em>v,b,white</em> filters:"), as a browser
 * would show it: tags dropped (and the contents of `<script>` and `<style>`),
 * character references decoded, whitespace collapsed. Renderers that do not
 * write HTML (Markdown, a terminal, a chat message) read it through here.
 * The result is still untrusted: a reference may decode to a control
 * character, so a renderer escapes or scrubs it as it would any server text.
 *
 * @example
 * ```ts
 * import { InlineText } from "@jobscope/core"
 *
 * InlineText.toPlain("Trying using the <em>v,b,white</em> filters:") // "Trying using the v,b,white filters:"
 * InlineText.decode("R &amp; D &#x2014; &deg;") // "R & D — °"
 * ```
 */

/** A piece of inline HTML: text (references decoded), a tag, or a line break a tag makes. */
export type Token =
  | { readonly _tag: "Text"; readonly text: string }
  | { readonly _tag: "Tag"; readonly name: string; readonly closing: boolean }

/** The named references decoded; any other name is left as it was written. */
const named: ReadonlyMap<string, string> = new Map([
  ["amp", "&"],
  ["lt", "<"],
  ["gt", ">"],
  ["quot", '"'],
  ["apos", "'"],
  ["nbsp", "\u00a0"],
  ["hellip", "…"],
  ["mdash", "—"],
  ["ndash", "–"],
  ["lsquo", "‘"],
  ["rsquo", "’"],
  ["ldquo", "“"],
  ["rdquo", "”"],
  ["deg", "°"],
  ["times", "×"],
  ["plusmn", "±"],
  ["micro", "µ"]
])

const referencePattern = /&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]*);/g

/**
 * A comment, a tag (attribute values may hold `>` inside quotes), or a
 * character reference; everything between matches is text.
 */
const markup =
  /<!--[\s\S]*?(?:-->|$)|<(\/?)([A-Za-z][A-Za-z0-9-]*)(?:\s(?:[^<>"']|"[^"]*"|'[^']*')*)?\/?>|&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]*);/g

/** Elements whose content a browser does not show. */
const hidden = new Set(["script", "style"])

/** Elements that start a new line where they open or close. */
export const lineBreaking: ReadonlySet<string> = new Set(["br", "p", "div", "li"])

/**
 * The character of one reference's name (`amp`, `#38`, `#x26`); as HTML does,
 * NUL, surrogates and numbers past Unicode are U+FFFD, and an unknown name is
 * `undefined`.
 */
export const decodeReference = (name: string): string | undefined => {
  if (!name.startsWith("#")) return named.get(name)
  const point = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : Number(name.slice(1))
  return point === 0 || point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)
    ? "\ufffd"
    : String.fromCodePoint(point)
}

/** Text with its character references decoded (`&amp;` → `&`); unknown names stay as written. */
export const decode = (text: string): string =>
  text.includes("&")
    ? text.replace(referencePattern, (whole, name: string) => decodeReference(name) ?? whole)
    : text

/**
 * The tokens of inline HTML, in order: text with references decoded, and
 * tags by lower-case name. Comments are dropped, and so are `<script>` and
 * `<style>` with everything up to their end tag.
 */
export const tokens = (html: string): ReadonlyArray<Token> => {
  const out: Array<Token> = []
  const add = (text: string) => {
    if (text !== "") out.push({ _tag: "Text", text })
  }
  let at = 0
  for (const match of html.matchAll(markup)) {
    if (match.index < at) continue // inside hidden content already skipped
    add(html.slice(at, match.index))
    at = match.index + match[0].length
    const [whole, closing, tag, reference] = match
    if (reference !== undefined) add(decodeReference(reference) ?? whole)
    else if (tag !== undefined) {
      const name = tag.toLowerCase()
      out.push({ _tag: "Tag", name, closing: closing === "/" })
      if (hidden.has(name) && closing === "") {
        const end = html.slice(at).search(new RegExp(`</${name}\\s*>`, "i"))
        at = end === -1 ? html.length : at + end
      }
    }
  }
  add(html.slice(at))
  return out
}

/**
 * The lines a browser would show of inline HTML: tags dropped, `<br>` and the
 * edges of `<p>`, `<div>` and `<li>` as line breaks, references decoded,
 * whitespace collapsed and each line trimmed; blank lines left out.
 */
export const toLines = (html: string): ReadonlyArray<string> => {
  const lines: Array<string> = [""]
  for (const token of tokens(html)) {
    if (token._tag === "Text") lines[lines.length - 1] += token.text
    else if (lineBreaking.has(token.name)) lines.push("")
  }
  return lines.map((line) => line.replace(/[ \t\n\r\f]+/g, " ").trim()).filter((line) => line !== "")
}

/** The text a browser would show of inline HTML, on one line (see {@link toLines}). */
export const toPlain = (html: string): string => toLines(html).join(" ")
