import { describe, expect, it } from "@effect/vitest"
import { InlineHtml } from "@jobscope/markdown"
import * as Arbitrary from "effect/Arbitrary"
import * as Schema from "effect/Schema"
import { fragments, hostileText } from "./hostileText.js"
import { activeTypes, childrenOf, type MdNode, nodes, parse, shown, withoutControls } from "./mdast.js"

/** The paragraph a note must be, or nothing when it shows no text. */
const blocks = (markdown: string): ReadonlyArray<MdNode> => childrenOf(parse(markdown))

const escapeHtml = (text: string): string => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;")

describe("InlineHtml.toMarkdown", () => {
  it.each([
    ["Trying using the <em>v,b,white</em> filters:", "Trying using the *v,b,white* filters:", ["emphasis"]],
    ["<strong>Note</strong>: <i>slow</i>", "**Note**: *slow*", ["strong", "emphasis"]],
    ["<b> spaced </b>out", "**spaced** out", ["strong"]],
    ['<a href="javascript:x">click</a> &amp; <b> go </b>', "click & **go**", ["strong"]],
    ["<em>*.fits</em>", "\\*.fits", []],
    ["<em>a</em><b>b</b>", "*a*b", ["emphasis"]],
    ["<em>a</em><em>b</em>", "*ab*", ["emphasis"]],
    ["a<br>b<br/><br />c", "a\\\nb\\\nc", []],
    ['<a href="javascript:alert(1)" title="x>y">click</a>', "click", []],
    ["<script>alert(1)</script>shown<style>p{}</style>", "shown", []],
    ["&lt;b&gt; &amp;amp; &#42; &#x1F680; &#0; &bogus;", "\\<b\\> \\&amp; \\* 🚀 \uFFFD \\&bogus;", []],
    ["<!-- hidden -->see www.evil.example", "see `www.evil.example`", []],
    ["1. <em>x</em>", "1\\. *x*", ["emphasis"]],
    ["<constructor>x</toString> &constructor; &toString;", "x \\&constructor; \\&toString;", []],
    ["  \n\t ", "", []]
  ])("turns %j into %j", (html, markdown, styles) => {
    expect(InlineHtml.toMarkdown(html)).toBe(markdown)
    const types = blocks(markdown)
      .flatMap(nodes)
      .map((node) => node.type)
    expect(types.filter((type) => type === "emphasis" || type === "strong")).toEqual(styles)
    expect(types.filter((type) => activeTypes.includes(type))).toEqual([])
  })

  it("indents the lines after the first for a list item", () => {
    const list = blocks(`- ${InlineHtml.toMarkdown("one<br>- two", "  ")}`)
    expect(childrenOf(list[0])).toHaveLength(1)
    expect(shown(list[0]!)).toBe("one\n- two")
  })

  it("keeps every line a line of the same paragraph, whatever starts it", () => {
    for (const fragment of fragments) {
      for (const html of [
        `first<br>${escapeHtml(fragment)}`,
        `first<br><em>${escapeHtml(fragment)}</em><br>last`
      ]) {
        expect(blocks(InlineHtml.toMarkdown(html)).map((block) => block.type)).toEqual(["paragraph"])
      }
    }
  })

  /** A note built of escaped hostile text and tags, and the text a browser would show for it. */
  const note = Arbitrary.array(
    Arbitrary.all([
      hostileText,
      Arbitrary.schema(
        Schema.Literals([
          "",
          "<em>",
          "</em>",
          "<i>",
          "</I>",
          "<strong>",
          "</strong>",
          "<b>",
          "</b>",
          "<br>",
          "<p>",
          '<a href="javascript:alert(1)">',
          "</a>",
          "<img src=x onerror=alert(1)>",
          "<span class='x'>",
          "<!-- c -->"
        ])
      )
    ]),
    { maxLength: 6 }
  ).pipe(
    Arbitrary.map((parts) => {
      const lines = [""]
      for (const [text, tag] of parts) {
        lines[lines.length - 1] += text
        if (tag === "<br>" || tag === "<p>") lines.push("")
      }
      return {
        html: parts.map(([text, tag]) => escapeHtml(text) + tag).join(""),
        lines: lines
          .map((line) =>
            withoutControls(line)
              .replace(/[ \t\n\r\f]+/g, " ")
              .replace(/^ | $/g, "")
          )
          .filter((line) => line !== "")
      }
    })
  )

  it.prop(
    "shows the text a browser would, with no HTML, link or image of its own",
    [note],
    ([{ html, lines }]) => {
      const markdown = InlineHtml.toMarkdown(html)
      if (lines.length === 0) return expect(markdown).toBe("")
      const found = blocks(markdown)
      expect(found.map((block) => block.type)).toEqual(["paragraph"])
      const types = new Set(found.flatMap(nodes).map((node) => node.type))
      expect(
        [...types].filter(
          (type) => !["paragraph", "text", "inlineCode", "break", "emphasis", "strong"].includes(type)
        )
      ).toEqual([])
      expect(shown(found[0]!)).toBe(lines.join("\n"))
    },
    { timeout: 60_000, arbitrary: { runs: 800 } }
  )

  it.prop(
    "never lets raw HTML, links or images through, whatever the string",
    [Schema.String, hostileText],
    ([random, hostile]) => {
      for (const html of [random, hostile, `<em>${hostile}</em>`, `${hostile}<b>${random}</b>`]) {
        const types = blocks(InlineHtml.toMarkdown(html))
          .flatMap(nodes)
          .map((node) => node.type)
        expect(
          types.filter((type) => activeTypes.includes(type) || type === "list" || type === "heading")
        ).toEqual([])
      }
    },
    { timeout: 60_000, arbitrary: { runs: 400 } }
  )
})
