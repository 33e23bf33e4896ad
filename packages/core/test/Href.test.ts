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

describe("Href.ofOutput", () => {
  it("resolves an output's URL against the page of the snapshot a render began at", () => {
    const snapshot = {
      source: "tom",
      jobId: "pipeline/52",
      url: "https://tom.example.org/targets/7/",
      observedAt: new Date(0),
      tasks: []
    }
    const output = { id: "group", label: "Data products", url: "/dataproducts/group/38/" }
    expect(Href.ofOutput(output, [{ type: "snapshot", snapshot }])).toBe(
      "https://tom.example.org/dataproducts/group/38/"
    )
    expect(Href.pageOf([{ type: "snapshot", snapshot }])).toBe("https://tom.example.org/targets/7/")
    // A render that began below the snapshot has no page to resolve against.
    const task = { id: "p", label: "p", phase: "succeeded", code: null, text: "" } as const
    expect(Href.ofOutput(output, [{ type: "task", task }])).toBeUndefined()
    expect(Href.ofOutput({ id: "x", label: "x" }, [{ type: "snapshot", snapshot }])).toBeUndefined()
  })
})
