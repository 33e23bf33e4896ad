import { describe, expect, it } from "@effect/vitest"
import { Escape } from "@jobscope/markdown"
import { fragments, hostileText } from "./hostileText.js"
import { byLine, childrenOf, type MdNode, nodeTypes, oneLine, parse, shown } from "./mdast.js"

/** The only inline nodes escaped text may produce. */
const inert = new Set(["text", "inlineCode", "break"])

const inlineTypes = (node: MdNode): ReadonlyArray<string> =>
  [...nodeTypes(node)].filter((type) => type !== node.type)

/** Parses `markdown` and returns the single paragraph it must be. */
const paragraph = (markdown: string): MdNode => {
  const blocks = childrenOf(parse(markdown))
  expect(blocks.map((block) => block.type)).toEqual(["paragraph"])
  return blocks[0]!
}

describe("Escape.text", () => {
  it.each([
    ["*bold* _em_ **strong**", "\\*bold\\* \\_em\\_ \\*\\*strong\\*\\*"],
    ["[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"],
    ["![i](http://x)", "`![i](http://x)`"],
    ["<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"],
    ["see www.evil.example now", "see `www.evil.example` now"],
    ["mail a@b.co", "mail `a@b.co`"],
    ["https://x.example/a|b", "`https://x.example/a`\\|`b`"],
    ["``a@b``", "``` ``a@b`` ```"],
    ["a | b", "a \\| b"],
    ["# not a heading", "\\# not a heading"],
    ["> not a quote", "\\> not a quote"],
    ["- not an item", "\\- not an item"],
    ["12. not an item", "12\\. not an item"],
    ["1.5 s", "1.5 s"],
    ["~~gone~~", "\\~\\~gone\\~\\~"],
    ["&amp; & x", "\\&amp; & x"],
    ["$x$", "\\$x\\$"],
    ["Obs_00081637001 (14/156)", "Obs_00081637001 (14/156)"],
    ["__init__", "\\_\\_init\\_\\_"],
    ["Working on spectrum: Obs_1", "Working on spectrum: Obs_1"],
    ["  two\r\nlines  ", "two lines"],
    ["[x](javascript:alert(1)) by admin@example.org", "\\[x\\](javascript:alert(1)) by `admin@example.org`"],
    ["# Done\n- [x] *all*", "\\# Done - \\[x\\] \\*all\\*"],
    ["Done\u001b[2J\u001b]0;pwned\u0007\tok", "Done\uFFFD\\[2J\uFFFD\\]0;pwned\uFFFD\tok"],
    ["a\u202eb\u200bc\u2028d\u000be\u000cf\u2066g", "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg"]
  ])("shows %j as %j", (input, markdown) => {
    expect(Escape.text(input)).toBe(markdown)
    expect(shown(paragraph(markdown))).toBe(oneLine(input))
  })

  it.prop(
    "shows any text literally on one line, with no markup of its own",
    [hostileText],
    ([text]) => {
      const markdown = Escape.text(text)
      expect(markdown).not.toMatch(/[\r\n]/)
      const expected = oneLine(text)
      if (expected === "") return expect(markdown).toBe("")
      const node = paragraph(markdown)
      expect(inlineTypes(node).filter((type) => !inert.has(type))).toEqual([])
      expect(shown(node)).toBe(expected)
    },
    { timeout: 60_000, arbitrary: { runs: 1000 } }
  )

  it("keeps list items, headings and table cells intact around any fragment", () => {
    for (const fragment of fragments) {
      const value = Escape.text(fragment)
      if (value === "") continue
      const list = childrenOf(parse(`- [ ] ${value}\n- [x] **${value}** — ${value}\n  - [ ] ${value}\n`))
      expect(list.map((node) => node.type)).toEqual(["list"])
      const items = childrenOf(list[0])
      expect(items.map((item) => item.checked)).toEqual([false, true])
      expect(shown(childrenOf(items[0])[0]!)).toBe(oneLine(fragment))
      expect(childrenOf(items[1]).map((node) => node.type)).toEqual(["paragraph", "list"])

      const heading = childrenOf(parse(`### ${value}`))
      expect(heading.map((node) => [node.type, node.depth])).toEqual([["heading", 3]])
      expect(shown(heading[0]!)).toBe(oneLine(fragment))

      const table = childrenOf(parse(`| a | b |\n| --- | --- |\n| ${value} | ${value} |\n`))
      expect(table.map((node) => node.type)).toEqual(["table"])
      const cells = childrenOf(childrenOf(table[0])[1])
      expect(cells.map(shown)).toEqual([oneLine(fragment), oneLine(fragment)])
    }
  })
})

describe("Escape.lines", () => {
  it("keeps line breaks as hard breaks, indented for a list item", () => {
    expect(Escape.lines("Traceback:\n  File x", "  ")).toBe("Traceback:\\\n  File x")
    const markdown = Escape.lines("first *line*\n- second\r\n\n  # third ", "  ")
    expect(markdown).toBe("first \\*line\\*\\\n  \\- second\\\n  \\# third")
    const items = childrenOf(childrenOf(parse(`- ${markdown}`))[0])
    expect(items).toHaveLength(1)
    expect(shown(items[0]!)).toBe("first *line*\n- second\n# third")
  })

  it("keeps every line a line of the same paragraph, whatever starts it", () => {
    for (const text of fragments.flatMap((fragment) => [`first\n${fragment}`, `first\n${fragment}\nlast`])) {
      expect(shown(paragraph(Escape.lines(text)))).toBe(byLine(text))
      const items = childrenOf(childrenOf(parse(`- ${Escape.lines(text, "  ")}`))[0])
      expect(items.map((item) => childrenOf(item).map((block) => block.type))).toEqual([["paragraph"]])
    }
  })

  it.prop(
    "shows any text literally, line by line, inside a list item",
    [hostileText],
    ([text]) => {
      const expected = byLine(text)
      if (expected === "") return expect(Escape.lines(text, "  ")).toBe("")
      const list = childrenOf(parse(`- ${Escape.lines(text, "  ")}\n- next`))
      expect(list.map((node) => node.type)).toEqual(["list"])
      const items = childrenOf(list[0])
      expect(items).toHaveLength(2)
      const blocks = childrenOf(items[0])
      expect(blocks.map((block) => block.type)).toEqual(["paragraph"])
      expect(inlineTypes(blocks[0]!).filter((type) => !inert.has(type))).toEqual([])
      expect(shown(blocks[0]!)).toBe(expected)
    },
    { timeout: 60_000, arbitrary: { runs: 1000 } }
  )
})
