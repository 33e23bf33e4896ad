import { describe, expect, it } from "@effect/vitest"
import { Href } from "@jobscope/core"

describe("Href", () => {
  const base = "https://tom.example.org/targets/7/"

  it("keeps an absolute http(s) URL and resolves a relative one against an absolute page", () => {
    expect(Href.resolve("https://www.swift.ac.uk/x/lc.tar.gz")).toBe("https://www.swift.ac.uk/x/lc.tar.gz")
    expect(Href.resolve("/pipelines/7/", base)).toBe("https://tom.example.org/pipelines/7/")
    expect(Href.resolve("group/3", base)).toBe("https://tom.example.org/targets/7/group/3")
  })

  it("makes no link of a relative URL without an absolute page", () => {
    expect(Href.resolve("/pipelines/7/")).toBeUndefined()
    expect(Href.resolve("/pipelines/7/", "/targets/7/")).toBeUndefined()
  })

  it("never makes a link of another scheme, or of a URL a browser would read otherwise", () => {
    for (const url of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "java\tscript:alert(1)",
      " javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:x",
      "https://exa mple.org/",
      "https://\u0000example.org/",
      ""
    ]) {
      expect(Href.resolve(url, base), JSON.stringify(url)).toBeUndefined()
    }
    expect(Href.resolve("/x", "javascript:alert(1)//")).toBeUndefined()
  })
})

describe("Href.resolve as a browser resolves", () => {
  const base = "https://tom.example.org/targets/7/page?x=1#top"
  it.each([
    ["/pipelines/7/", "https://tom.example.org/pipelines/7/"],
    ["group/3?y=2", "https://tom.example.org/targets/7/group/3?y=2"],
    ["../8/", "https://tom.example.org/targets/8/"],
    ["../../../../a", "https://tom.example.org/a"],
    ["./", "https://tom.example.org/targets/7/"],
    ["?y=2", "https://tom.example.org/targets/7/page?y=2"],
    ["#log", "https://tom.example.org/targets/7/page?x=1#log"],
    ["//cdn.example.org/a", "https://cdn.example.org/a"]
  ])("%s", (url, expected) => {
    expect(Href.resolve(url, base)).toBe(expected)
    expect(new URL(url, base).href).toBe(expected)
  })

  it("refuses backslashes, which a browser reads as slashes", () => {
    expect(Href.resolve("/\\evil.example.org/", base)).toBeUndefined()
  })
})
