import { describe, expect, it } from "@effect/vitest"
import { InlineText } from "@jobscope/core"

describe("InlineText", () => {
  it("shows what a browser shows of a UKSSDC PreProgress note", () => {
    expect(InlineText.toPlain("Trying using the <em>v,b,white</em> filters:")).toBe(
      "Trying using the v,b,white filters:"
    )
  })

  it("drops scripts, styles, comments and attributes, keeping a `>` inside a quoted attribute out of the text", () => {
    expect(
      InlineText.toPlain(
        `a<script>alert("x")</script> b<style>p{}</style> <!-- hidden --><a href="x>y">c</a>`
      )
    ).toBe("a b c")
  })

  it("decodes references as HTML does, leaving unknown names alone", () => {
    expect(InlineText.decode("R &amp; D &#x2014; 5&deg; &bogus; &#0; &#xD800; &#1114112;")).toBe(
      "R & D — 5° &bogus; \uFFFD \uFFFD \uFFFD"
    )
  })

  it("breaks lines at <br> and block edges, collapsing whitespace", () => {
    expect(InlineText.toLines("one<br>  two \n three<p>four</p>")).toEqual(["one", "two three", "four"])
    expect(InlineText.toPlain("one<br>two")).toBe("one two")
  })

  it("tokens name tags in lower case and say which close", () => {
    expect(InlineText.tokens("<EM>a</em>&lt;")).toEqual([
      { _tag: "Tag", name: "em", closing: false },
      { _tag: "Text", text: "a" },
      { _tag: "Tag", name: "em", closing: true },
      { _tag: "Text", text: "<" }
    ])
  })

  it("leaves a decoded control character for the renderer to scrub", () => {
    expect(InlineText.toPlain("a&#27;[31mb")).toBe("a\u001b[31mb")
  })
})
