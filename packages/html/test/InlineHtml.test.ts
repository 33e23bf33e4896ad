import { describe, expect, it } from "@effect/vitest"
import { InlineHtml } from "@jobscope/html"
import { asParsed, hostileText } from "./hostileText.js"
import { parse } from "./parsed.js"

const allowed: ReadonlySet<string> = new Set(InlineHtml.allowedTags)

describe("InlineHtml.sanitize", () => {
  it("keeps the seed's PreProgress as it is", () => {
    expect(InlineHtml.sanitize("Trying using the <em>v,b,white</em> filters:")).toBe(
      "Trying using the <em>v,b,white</em> filters:"
    )
  })

  it("keeps each allowed tag, bare and lower-case", () => {
    const text = "<em>a</em><strong>b</strong><b>c</b><i>d</i><code>e</code>H<sub>2</sub>O x<sup>2</sup>"
    expect(InlineHtml.sanitize(text)).toBe(text)
  })

  it("shows every other tag as text: attributes, upper case, other names, scripts", () => {
    expect(InlineHtml.sanitize(`<em class="x">a</em>`)).toBe("&lt;em class=&quot;x&quot;&gt;a&lt;/em&gt;")
    expect(InlineHtml.sanitize("<EM>a</EM>")).toBe("&lt;EM&gt;a&lt;/EM&gt;")
    expect(InlineHtml.sanitize("<script>alert(1)</script><a href=x>y</a>")).toBe(
      "&lt;script&gt;alert(1)&lt;/script&gt;&lt;a href=x&gt;y&lt;/a&gt;"
    )
    expect(InlineHtml.sanitize("&lsquo;a&rsquo; & b")).toBe("&amp;lsquo;a&amp;rsquo; &amp; b")
  })

  it("keeps tags balanced: a stray closing tag is text, an open one is closed at the end", () => {
    expect(InlineHtml.sanitize("a</em>b")).toBe("a&lt;/em&gt;b")
    expect(InlineHtml.sanitize("<b><i>x</b>")).toBe("<b><i>x&lt;/b&gt;</i></b>")
    expect(InlineHtml.sanitize("<em>open")).toBe("<em>open</em>")
  })

  it(`lets tags nest ${InlineHtml.maxNesting} deep and shows deeper ones as text`, () => {
    const deep = InlineHtml.sanitize("<b>".repeat(InlineHtml.maxNesting + 2))
    expect(deep).toBe(
      `${"<b>".repeat(InlineHtml.maxNesting)}&lt;b&gt;&lt;b&gt;${"</b>".repeat(InlineHtml.maxNesting)}`
    )
  })

  it.prop(
    "leaves a parser only bare allowed tags, and the text as it came apart from closing tags it added",
    [hostileText],
    ([text]) => {
      const parsed = parse(`<p>${InlineHtml.sanitize(text)}</p>`)
      const [paragraph, ...inside] = parsed.elements
      expect(paragraph!.name).toBe("p")
      expect(parsed.comments).toEqual([])
      for (const element of inside) {
        expect(allowed.has(element.name), `<${element.name}> came through`).toBe(true)
        expect(element.attributes).toEqual({})
      }
      // Re-written from the parsed tree, the paragraph is the text that went in, plus the closing tags
      // the sanitiser added for tags the text left open.
      const markup = paragraph!.markup
      const expected = asParsed(text)
      expect(markup.startsWith(expected), `${JSON.stringify(markup)} does not start with the text`).toBe(true)
      expect(markup.slice(expected.length)).toMatch(/^(<\/(em|strong|b|i|code|sub|sup)>)*$/)
    },
    { arbitrary: { runs: 500 } }
  )
})
