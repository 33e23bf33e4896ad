import { describe, expect, it } from "@effect/vitest"
import { Scrub } from "@jobscope/core"

describe("Scrub", () => {
  it("replaces every C0 control but tab, LF and CR (VT and FF too), DEL and C1 with U+FFFD", () => {
    for (let code = 0; code < 0xa0; code++) {
      const char = String.fromCharCode(code)
      const kept = code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code < 0x7f)
      expect(Scrub.controls(`a${char}b`), `U+${code.toString(16)}`).toBe(kept ? `a${char}b` : "a\uFFFDb")
      expect(Scrub.hasControls(char)).toBe(!kept)
    }
  })

  it("replaces the characters that reorder or hide text, and the Unicode line and paragraph separators", () => {
    const invisible = [
      "\u061c",
      "\u200b",
      "\u200d",
      "\u200e",
      "\u202e",
      "\u2028",
      "\u2029",
      "\u2066",
      "\u2069",
      "\ufeff"
    ]
    for (const char of invisible) {
      expect(Scrub.controls(`a${char}b`), `U+${char.codePointAt(0)?.toString(16)}`).toBe("a\uFFFDb")
      expect(Scrub.hasControls(char)).toBe(true)
    }
  })

  it("keeps printable text as it is", () => {
    expect(Scrub.controls("RA 219.28707° ± 1.6″ — ok")).toBe("RA 219.28707° ± 1.6″ — ok")
  })
})
