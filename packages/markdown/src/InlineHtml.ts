/**
 * Inline HTML from a server, such as a UKSSDC `PreProgress` note ("Trying
 * using the <em>v,b,white</em> filters:"), as Markdown that shows what a
 * browser would: `<em>`/`<i>` become emphasis and `<strong>`/`<b>` strong
 * emphasis where Markdown can say so, `<br>` (and the edges of `<p>`, `<div>`,
 * `<li>`) a line break, character references their characters; every other
 * tag is dropped with its attributes (the contents of `<script>` and `<style>`
 * too), and all the text is escaped. The result never holds raw HTML. It reads
 * the HTML with the core's `InlineText.tokens`, as every renderer does.
 *
 * @example
 * ```ts
 * import { InlineHtml } from "@jobscope/markdown"
 *
 * InlineHtml.toMarkdown("Trying using the <em>v,b,white</em> filters:") // "Trying using the *v,b,white* filters:"
 * InlineHtml.toMarkdown('<a href="javascript:x">click</a> &amp; <b> go </b>') // "click & **go**"
 * ```
 */
import { InlineText } from "@jobscope/core"
import { escapeLine } from "./internal/escapeLine.js"

type Style = "plain" | "em" | "strong"

interface Run {
  readonly style: Style
  readonly text: string
}

const emphasis: ReadonlyMap<string, Exclude<Style, "plain">> = new Map([
  ["em", "em"],
  ["i", "em"],
  ["strong", "strong"],
  ["b", "strong"]
])

/** The text of `html` as lines of styled runs, whitespace not yet collapsed. */
const toLines = (html: string): Array<Array<Run>> => {
  const lines: Array<Array<Run>> = [[]]
  const open = { em: 0, strong: 0 }
  const style = (): Style => (open.strong > 0 ? "strong" : open.em > 0 ? "em" : "plain")
  for (const token of InlineText.tokens(html)) {
    if (token._tag === "Text") {
      lines[lines.length - 1]!.push({ style: style(), text: token.text })
      continue
    }
    const kind = emphasis.get(token.name)
    if (kind !== undefined) open[kind] = Math.max(0, open[kind] + (token.closing ? -1 : 1))
    else if (InlineText.lineBreaking.has(token.name)) lines.push([])
  }
  return lines
}

/** Collapses whitespace as HTML does, within and across runs, and trims the line. */
const collapse = (runs: ReadonlyArray<Run>): Array<Run> => {
  const out: Array<Run> = []
  let afterSpace = true
  for (const run of runs) {
    let text = ""
    for (const char of run.text.replace(/[ \t\n\r\f]+/g, " ")) {
      if (char === " " && afterSpace) continue
      text += char
      afterSpace = char === " "
    }
    if (text !== "") out.push({ style: run.style, text })
  }
  const last = out.pop()
  if (last !== undefined && last.text !== " ")
    out.push({ style: last.style, text: last.text.replace(/ $/, "") })
  return out
}

const wordEdges = /^[\p{L}\p{N}](?:.*[\p{L}\p{N}])?$/su

/**
 * Emphasis Markdown can say for sure: content that starts and ends with a
 * letter or digit (in its escaped form) opens and closes whatever surrounds
 * it, so edge spaces move outside and anything else is shown plain.
 */
const sayable = (runs: ReadonlyArray<Run>): Array<Run> =>
  runs.flatMap((run): Array<Run> => {
    if (run.style === "plain") return [run]
    const [, before = "", content = "", after = ""] = /^( ?)(.*?)( ?)$/s.exec(run.text) ?? []
    const style: Style = wordEdges.test(escapeLine(content, false)) ? run.style : "plain"
    const parts: Array<Run> = [
      { style: "plain", text: before },
      { style, text: content },
      { style: "plain", text: after }
    ]
    return parts.filter((part) => part.text !== "")
  })

/**
 * Joins neighbours of one style; emphasis right after emphasis of the other
 * kind would run the markers together (`*a***b**`), so it is shown plain.
 */
const joined = (runs: ReadonlyArray<Run>): Array<Run> => {
  const out: Array<{ style: Style; text: string }> = []
  for (const run of runs) {
    const previous = out[out.length - 1]
    const clash = previous !== undefined && previous.style !== "plain" && run.style !== "plain"
    const style = clash && previous.style !== run.style ? "plain" : run.style
    if (previous?.style === style) previous.text += run.text
    else out.push({ style, text: run.text })
  }
  return out
}

const marker: Readonly<Record<Style, string>> = { plain: "", em: "*", strong: "**" }

/**
 * Markdown showing the inline HTML `html`; its line breaks are hard breaks,
 * and every line after the first starts with `indent` (default: ""), the
 * indentation of the enclosing list item's content.
 */
export const toMarkdown = (html: string, indent = ""): string =>
  toLines(html)
    .map((line) =>
      joined(sayable(collapse(line)))
        .map((run, index) => `${marker[run.style]}${escapeLine(run.text, index === 0)}${marker[run.style]}`)
        .join("")
    )
    .filter((line) => line !== "")
    .join(`\\\n${indent}`)
