import { describe, expect, it } from "@effect/vitest"
import { Fence } from "@jobscope/markdown"
import { hostileText } from "./hostileText.js"
import { childrenOf, parse, verbatim } from "./mdast.js"

describe("Fence.block", () => {
  it("fences with more backticks than the longest run inside, at least three", () => {
    expect(Fence.block("a ``` b\n")).toBe("````text\na ``` b\n````")
    expect(Fence.block("plain\r\nlog\r")).toBe("```text\nplain\nlog\n```")
    expect(Fence.block("")).toBe("```text\n```")
  })

  it("shows a log's control characters as U+FFFD, so that printing it moves no cursor", () => {
    expect(Fence.block("\u001b[32mINFO\u001b[0m\tdone\u0007\n")).toBe(
      "```text\n\uFFFD[32mINFO\uFFFD[0m\tdone\uFFFD\n```"
    )
  })

  it("indents every line, and takes an info string of ours", () => {
    expect(Fence.block("x\n\ny", { info: "console", indent: "  " })).toBe("  ```console\n  x\n  \n  y\n  ```")
    const item = childrenOf(childrenOf(parse(`- log:\n\n${Fence.block("- a\n# b", { indent: "  " })}\n`))[0])
    expect(childrenOf(item[0]).map((node) => [node.type, node.value])).toEqual([
      ["paragraph", undefined],
      ["code", "- a\n# b"]
    ])
  })

  it.prop(
    "shows any text verbatim in exactly one code block",
    [hostileText],
    ([text]) => {
      const blocks = childrenOf(parse(`before\n\n${Fence.block(text)}\n\nafter`))
      expect(blocks.map((block) => block.type)).toEqual(["paragraph", "code", "paragraph"])
      expect(blocks[1]!.value).toBe(verbatim(text))
      expect(blocks[1]!.lang).toBe("text")
    },
    { timeout: 60_000, arbitrary: { runs: 1000 } }
  )
})
