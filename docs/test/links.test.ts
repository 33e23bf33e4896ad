import { existsSync, readdirSync, readFileSync } from "node:fs"
import { posix } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { anchors, examples, links, pages, pathOf } from "./support/guides.js"

/**
 * Pages other people are writing now (the `jobscope` command and the web
 * page): links to them may point at nothing yet. Once a page exists it is
 * checked like any other; take it off this list then.
 */
const beingWritten: ReadonlyArray<string> = ["cli.md", "web.md"]

/** Where a link from `page` leads, relative to the docs folder. */
const resolve = (page: string, target: string): string =>
  posix.normalize(posix.join(posix.dirname(page), target))

describe("the guides", () => {
  it("are the index and the pages it lists, and each page is listed", () => {
    const listed = links("README.md").map((link) => resolve("README.md", link.target.split("#")[0]!))
    for (const page of pages())
      if (page !== "README.md") expect(listed, `README.md lists ${page}`).toContain(page)
  })

  it.each(pages())("%s: every relative link leads to a file, and every anchor to a heading", (page) => {
    const relative = links(page).filter((link) => !/^[a-z]+:/i.test(link.target))
    for (const { target, line } of relative) {
      const [file, anchor] = target.split("#") as [string, string | undefined]
      const path = file === "" ? page : resolve(page, file)
      const where = `${page}:${line} → ${target}`
      if (beingWritten.includes(path) && !existsSync(pathOf(path))) continue
      expect(existsSync(pathOf(path)), where).toBe(true)
      if (anchor !== undefined && path.endsWith(".md")) expect(anchors(path).has(anchor), where).toBe(true)
    }
  })

  it.each(pages())("%s: every example block is its file, exactly", (page) => {
    for (const example of examples(page)) {
      const file = resolve(page, example.file)
      expect(example.code, `${page}: a \`\`\`ts block follows the marker of ${example.file}`).toBeDefined()
      expect(example.code, `${page} shows ${file} as it is`).toBe(readFileSync(pathOf(file), "utf8"))
    }
  })

  it("include every example, and every example has a test of its own", () => {
    const included = new Set(
      pages().flatMap((page) => examples(page).map((example) => resolve(page, example.file)))
    )
    const files = readdirSync(pathOf("examples")).map((name) => `examples/${name}`)
    expect([...included].sort()).toEqual(files.sort())
    for (const file of files)
      expect(existsSync(pathOf(file.replace(/^examples\/(.+)\.ts$/, "test/$1.test.ts"))), file).toBe(true)
  })
})
