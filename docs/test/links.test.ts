import { existsSync, readdirSync, readFileSync } from "node:fs"
import { posix } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { anchors, examples, links, pages, pathOf, read } from "./support/guides.js"

/** The ```sh block a README opens with: an app's example, which the app's own README test runs. */
const openingOf = (readme: string): string | undefined =>
  /^# [^\n]+\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1]

/**
 * The app examples a page includes: the README each marker `<!-- readme
 * example: path -->` names, and the ```sh block right after the marker
 * (`undefined` when none follows it).
 */
const readmeExamples = (page: string) =>
  Array.from(read(page).matchAll(/<!-- readme example: (\S+) -->\n(```sh\n([\s\S]*?)```\n)?/g), (match) => ({
    readme: match[1]!,
    code: match[3]
  }))

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

  it.each(pages())("%s: every app example is the one its README opens with, exactly", (page) => {
    for (const example of readmeExamples(page)) {
      const readme = resolve(page, example.readme)
      expect(example.code, `${page}: a \`\`\`sh block follows the marker of ${example.readme}`).toBeDefined()
      expect(example.code, `${page} shows the example ${readme} opens with`).toBe(openingOf(read(readme)))
    }
  })

  it("show the example of the command and of the web page that their READMEs open with", () => {
    expect(readmeExamples("cli.md").map((example) => example.readme)).toEqual(["../apps/cli/README.md"])
    expect(readmeExamples("web.md").map((example) => example.readme)).toEqual(["../apps/web/README.md"])
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
