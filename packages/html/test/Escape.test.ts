import { describe, expect, it } from "@effect/vitest"
import { Escape } from "@jobscope/html"
import { asParsed, hostileText } from "./hostileText.js"
import { parse } from "./parsed.js"

describe("Escape.html", () => {
  it("writes markup characters as references and leaves other text alone", () => {
    expect(Escape.html(`<img src=x onerror="alert('1')"> & co`)).toBe(
      "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co"
    )
    expect(Escape.html("Build spectra. (14/156) — ok")).toBe("Build spectra. (14/156) — ok")
  })

  it("keeps a CR that a parser would turn into LF, and shows NUL as U+FFFD", () => {
    expect(Escape.html("a\r\nb\0c")).toBe("a&#13;\nb\uFFFDc")
  })

  it.prop(
    "gives any text back unchanged from a text node and from either kind of quoted attribute",
    [hostileText],
    ([text]) => {
      const escaped = Escape.html(text)
      const parsed = parse(
        `<p title="${escaped}">${escaped}</p><p title='${escaped}'></p><pre>\n${escaped}</pre>`
      )
      expect(parsed.elements.map((element) => element.name)).toEqual(["p", "p", "pre"])
      expect(parsed.comments).toEqual([])
      const [first, second, pre] = parsed.elements
      expect(first!.text).toBe(asParsed(text))
      expect(first!.attributes).toEqual({ title: asParsed(text) })
      expect(second!.attributes).toEqual({ title: asParsed(text) })
      expect(pre!.text).toBe(asParsed(text))
    },
    { arbitrary: { runs: 500 } }
  )
})
