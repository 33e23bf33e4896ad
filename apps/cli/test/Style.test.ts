import { describe, expect, it } from "@effect/vitest"
import * as Style from "../src/Style.js"
import { withoutColours } from "./support/controls.js"

const ESC = "\u001b"

describe("Style.wantsColor", () => {
  const table: ReadonlyArray<
    readonly [env: Readonly<Record<string, string | undefined>>, isTTY: boolean, colour: boolean]
  > = [
    [{}, true, true],
    [{}, false, false],
    [{ NO_COLOR: "1" }, true, false],
    [{ NO_COLOR: "0" }, true, false],
    [{ NO_COLOR: "" }, true, true],
    [{ NO_COLOR: undefined }, true, true],
    [{ NO_COLOR: "1", FORCE_COLOR: "1" }, true, false],
    [{ NO_COLOR: "1", FORCE_COLOR: "1" }, false, false],
    [{ FORCE_COLOR: "1" }, false, true],
    [{ FORCE_COLOR: "3" }, false, true],
    [{ FORCE_COLOR: "true" }, false, true],
    [{ FORCE_COLOR: "0" }, true, false],
    [{ FORCE_COLOR: "false" }, true, false],
    [{ FORCE_COLOR: "" }, false, false],
    [{ FORCE_COLOR: "" }, true, true],
    [{ TERM: "dumb" }, true, false],
    [{ TERM: "dumb", FORCE_COLOR: "1" }, false, true],
    [{ TERM: "xterm-256color" }, true, true],
    [{ TERM: "xterm-256color" }, false, false]
  ]
  for (const [env, isTTY, colour] of table) {
    it(`${JSON.stringify(env)} on ${isTTY ? "a terminal" : "a pipe"}: ${colour ? "colour" : "no colour"}`, () => {
      expect(Style.wantsColor(env, isTTY)).toBe(colour)
    })
  }
})

describe("Style.make", () => {
  it("writes SGR codes with colour, and nothing without", () => {
    const colour = Style.make(true)
    expect(colour.color).toBe(true)
    expect(colour.red("x")).toBe(`${ESC}[31mx${ESC}[39m`)
    expect(colour.bold("x")).toBe(`${ESC}[1mx${ESC}[22m`)
    expect(colour.dim("x")).toBe(`${ESC}[2mx${ESC}[22m`)
    expect(colour.green("x")).toBe(`${ESC}[32mx${ESC}[39m`)
    expect(colour.yellow("x")).toBe(`${ESC}[33mx${ESC}[39m`)
    expect(colour.cyan("x")).toBe(`${ESC}[36mx${ESC}[39m`)
    expect(colour.magenta("x")).toBe(`${ESC}[35mx${ESC}[39m`)
    const none = Style.make(false)
    expect(none).toBe(Style.plain)
    expect(none.color).toBe(false)
    for (const paint of [none.bold, none.dim, none.green, none.red, none.yellow, none.cyan, none.magenta])
      expect(paint("x")).toBe("x")
  })

  it("keeps the outer colour on after a nested one ends", () => {
    const colour = Style.make(true)
    expect(colour.red(`a ${colour.green("b")} c`)).toBe(
      `${ESC}[31ma ${ESC}[32mb${ESC}[39m${ESC}[31m c${ESC}[39m`
    )
  })
})

describe("Style.sanitize", () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ["a CSI sequence", `a${ESC}[2J${ESC}[1;1Hb`, "ab"],
    ["a private CSI sequence", `a${ESC}[?25lb${ESC}[?1049h`, "ab"],
    ["SGR colours", `${ESC}[31mred${ESC}[0m`, "red"],
    ["an OSC title, ended by BEL", `a${ESC}]0;pwned${"\u0007"}b`, "ab"],
    ["an OSC hyperlink, ended by ST", `${ESC}]8;;http://evil${ESC}\\link${ESC}]8;;${ESC}\\`, "link"],
    ["an OSC clipboard write", `${ESC}]52;c;cGF5bG9hZA==${"\u0007"}ok`, "ok"],
    ["a DCS string", `${ESC}P+q544e${ESC}\\ok`, "ok"],
    ["an APC and a PM string", `${ESC}_x${ESC}\\${ESC}^y${ESC}\\ok`, "ok"],
    ["an unterminated OSC: its opening only", `a${ESC}]0;title`, "a0;title"],
    ["two-byte escapes", `${ESC}c${ESC}7a${ESC}8${ESC}(0b${ESC}=`, "ab"],
    ["a lone ESC", `a${ESC}`, "a"],
    ["ESC before a non-ASCII character", `${ESC}é`, "é"],
    ["an 8-bit CSI", "a\u009b2Jb\u009b31m", "ab"],
    ["an 8-bit OSC, ended by the 8-bit ST", "a\u009d0;title\u009cb", "ab"],
    ["other C1 controls", "a\u0085b\u008dc\u0090", "abc"],
    ["C0 controls and DEL", "a\u0000b\u0007c\u0008d\u000be\u000cf\u007f", "abcdef"],
    ["bidirectional overrides and the BOM", "a\u202eb\u202cc\u2066d\u2069\ufeffe\u200f", "abcde"],
    ["printable Unicode", "Ünïcødé 語 😀 e\u0301 👩‍🔬", "Ünïcødé 語 😀 e\u0301 👩‍🔬"],
    ["tabs", "a\tb", "a b"],
    ["line breaks", "a\r\nb\rc\nd\u2028e", "a\nb\nc\nd\ne"]
  ]
  for (const [what, input, output] of cases) {
    it(`removes ${what}`, () => {
      expect(Style.sanitize(input)).toBe(output)
    })
  }

  it("puts everything on one line when asked", () => {
    expect(Style.sanitize("a\r\nb\rc\nd\te\u2029f", { singleLine: true })).toBe("a b c d e f")
  })

  it("is linear in the length of its input, whatever it holds", () => {
    // Each of these would make a naive pattern look ahead to the end of the text from every opening.
    const openings = `${ESC}]`.repeat(200_000)
    expect(Style.sanitize(openings)).toBe("")
    const csi = `${ESC}[${"1;".repeat(200_000)}`
    expect(Style.sanitize(csi)).toBe("")
    expect(Style.sanitize(`${"\u009d".repeat(100_000)}x`)).toBe("x")
  })
})

describe("Style.width", () => {
  it("counts columns, not characters", () => {
    expect(Style.width("hello")).toBe(5)
    expect(Style.width("")).toBe(0)
    expect(Style.width("語語")).toBe(4)
    expect(Style.width("ｆｕｌｌ")).toBe(8)
    expect(Style.width("한국")).toBe(4)
    expect(Style.width("😀")).toBe(2)
    expect(Style.width("✅")).toBe(2)
    expect(Style.width("e\u0301")).toBe(1)
    expect(Style.width("a\u200bb")).toBe(2)
    expect(Style.width("✓ ▶ · ✗ ⊘ █ ░ …")).toBe(15)
  })

  it("ignores our colours", () => {
    const colour = Style.make(true)
    expect(Style.width(colour.bold(colour.red("abc")))).toBe(3)
  })
})

describe("Style.truncate", () => {
  it("leaves a line that fits alone", () => {
    expect(Style.truncate("abcdef", 6)).toBe("abcdef")
    expect(Style.truncate("語語", 4)).toBe("語語")
  })

  it("cuts a longer one to the columns, ending in an ellipsis", () => {
    expect(Style.truncate("abcdef", 5)).toBe("abcd…")
    expect(Style.truncate("abcdef", 1)).toBe("…")
    expect(Style.truncate("abcdef", 0)).toBe("")
    expect(Style.truncate("abcdef", -3)).toBe("")
    expect(Style.truncate("abcdef", 4.9)).toBe("abc…")
  })

  it("never splits a wide character: it leaves the column empty", () => {
    expect(Style.truncate("a語語", 4)).toBe("a語…")
    expect(Style.truncate("語語語", 4)).toBe("語…")
    expect(Style.width(Style.truncate("語語語", 4))).toBe(3)
  })

  it("never cuts inside a colour code, and resets the colour after cutting", () => {
    const colour = Style.make(true)
    const line = `${colour.red("abc")}${colour.green("def")}`
    expect(Style.truncate(line, 6)).toBe(line)
    const cut = Style.truncate(line, 5)
    expect(cut).toBe(`${ESC}[31mabc${ESC}[39m${ESC}[32md…${ESC}[0m`)
    for (let columns = 0; columns <= 7; columns++) {
      const shown = Style.truncate(line, columns)
      expect(Style.width(shown)).toBeLessThanOrEqual(columns)
      expect(withoutColours(shown)).not.toContain(ESC)
    }
  })

  it("cuts nothing when the columns are not a number", () => {
    expect(Style.truncate("abcdef", Number.NaN)).toBe("abcdef")
    expect(Style.truncate("abcdef", Number.POSITIVE_INFINITY)).toBe("abcdef")
  })
})

describe("Style.wrap", () => {
  it("breaks at spaces, within the columns", () => {
    expect(Style.wrap("the quick brown fox jumps", 10)).toEqual(["the quick", "brown fox", "jumps"])
    expect(Style.wrap("a  b   c", 80)).toEqual(["a b c"])
    expect(Style.wrap("", 10)).toEqual([""])
  })

  it("breaks a word longer than a line where it must", () => {
    expect(Style.wrap("ab abcdefghij", 4)).toEqual(["ab a", "bcde", "fghi", "j"])
    expect(Style.wrap("語語語", 4)).toEqual(["語語", "語"])
  })

  it("breaks nothing without a positive width", () => {
    expect(Style.wrap("a b", Number.NaN)).toEqual(["a b"])
    expect(Style.wrap("a b", 0)).toEqual(["a b"])
    expect(Style.wrap("a b", Number.POSITIVE_INFINITY)).toEqual(["a b"])
  })
})
