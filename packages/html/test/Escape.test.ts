import { describe, expect, it } from "@effect/vitest"
import { Escape } from "@jobscope/html"
import { parseFragment } from "parse5"
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

  it("changes exactly the characters it must, of every UTF-16 code unit: markup, CR, controls but tab and LF, invisible characters", () => {
    const mustChange = (code: number): boolean =>
      `&<>"'\r`.includes(String.fromCharCode(code)) ||
      (code < 0x20 && code !== 0x09 && code !== 0x0a) ||
      (code >= 0x7f && code <= 0x9f) ||
      code === 0x061c ||
      (code >= 0x200b && code <= 0x200f) ||
      (code >= 0x2028 && code <= 0x202e) ||
      (code >= 0x2060 && code <= 0x2064) ||
      (code >= 0x2066 && code <= 0x2069) ||
      code === 0xfeff
    const wrong: Array<string> = []
    for (let code = 0; code <= 0xffff; code++) {
      const character = String.fromCharCode(code)
      if ((Escape.html(character) !== character) !== mustChange(code)) wrong.push(code.toString(16))
    }
    expect(wrong).toEqual([])
  })

  it("shows the control characters that are not whitespace as U+FFFD, so a page runs no escape sequence", () => {
    expect(Escape.html("\u001b[31mred\u001b[0m\u0007\u009b2J\u007f\t\n\f")).toBe(
      "\uFFFD[31mred\uFFFD[0m\uFFFD\uFFFD2J\uFFFD\t\n\uFFFD"
    )
  })

  it("shows bidi controls, zero-width characters, VT, FF and U+2028/2029 as U+FFFD, so text cannot hide or reorder itself", () => {
    expect(Escape.html("a\u202eb\u200bc\u2066d\u000be\u000cf\u2028g\u2029h\ufeff")).toBe(
      "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg\uFFFDh\uFFFD"
    )
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

  it.prop(
    "writes text a parser reads without a control-character error",
    [hostileText],
    ([text]) => {
      const errors: Array<string> = []
      parseFragment(`<p title="${Escape.html(text)}">${Escape.html(text)}</p>`, {
        onParseError: (error) => errors.push(error.code)
      })
      // (`&#13;`, which keeps a CR, is a control-character-reference: a parser still reads it as CR.)
      expect(errors.filter((code) => code === "control-character-in-input-stream")).toEqual([])
    },
    { arbitrary: { runs: 500 } }
  )
})
