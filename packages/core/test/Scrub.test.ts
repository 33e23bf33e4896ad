import { describe, expect, it } from "@effect/vitest"
import { Scrub } from "@jobscope/core"

describe("Scrub", () => {
  it("replaces every C0 control but tab and line breaks, DEL and C1 with U+FFFD", () => {
    for (let code = 0; code < 0xa0; code++) {
      const char = String.fromCharCode(code)
      const kept = (code >= 0x09 && code <= 0x0d) || (code >= 0x20 && code < 0x7f)
      expect(Scrub.controls(`a${char}b`), `U+${code.toString(16)}`).toBe(kept ? `a${char}b` : "a\uFFFDb")
      expect(Scrub.hasControls(char)).toBe(!kept)
    }
  })

  it("keeps printable text as it is", () => {
    expect(Scrub.controls("RA 219.28707° ± 1.6″ — ok")).toBe("RA 219.28707° ± 1.6″ — ok")
  })
})
