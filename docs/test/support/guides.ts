/**
 * The guides as files: which pages there are, their links, and the examples
 * they include, so that tests can hold the pages to the code they show.
 */
import { readdirSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

/** The docs folder. */
export const root = new URL("../../", import.meta.url)

/** Every guide: `docs/*.md` and `docs/packages/*.md`, as paths relative to the docs folder. */
export const pages = (): ReadonlyArray<string> => [
  ...readdirSync(root).filter((name) => name.endsWith(".md")),
  ...readdirSync(new URL("packages/", root))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `packages/${name}`)
]

/** The text of a file, by its path relative to the docs folder. */
export const read = (path: string): string => readFileSync(new URL(path, root), "utf8")

/** The absolute path of a file of the docs folder. */
export const pathOf = (path: string): string => fileURLToPath(new URL(path, root))

/** A link in a page: its target as written, and the line it is on. */
export interface Link {
  readonly target: string
  readonly line: number
}

/** The Markdown links of a page (`[text](target)`), outside code blocks and code spans. */
export const links = (page: string): ReadonlyArray<Link> => {
  const found: Array<Link> = []
  let fenced = false
  read(page)
    .split("\n")
    .forEach((text, index) => {
      if (/^\s*(```|~~~)/.test(text)) fenced = !fenced
      if (fenced) return
      for (const match of text.replace(/`[^`]*`/g, "").matchAll(/\]\(([^)\s]+)\)/g))
        found.push({ target: match[1]!, line: index + 1 })
    })
  return found
}

/** An example a page includes: the file it names, and the code of the block that follows the marker. */
export interface Example {
  /** The file, relative to the page, as the marker `<!-- example: path -->` names it. */
  readonly file: string
  /** The code of the ```ts block right after the marker, or `undefined` when none follows it. */
  readonly code: string | undefined
}

/** The examples a page includes, in order. */
export const examples = (page: string): ReadonlyArray<Example> =>
  Array.from(read(page).matchAll(/<!-- example: (\S+) -->\n(```ts\n([\s\S]*?)```\n)?/g), (match) => ({
    file: match[1]!,
    code: match[3]
  }))

/**
 * The anchors of a page's headings, as GitHub makes them: lower case, without
 * punctuation, spaces as hyphens.
 */
export const anchors = (page: string): ReadonlySet<string> =>
  new Set(
    Array.from(read(page).matchAll(/^#{1,6} (.+)$/gm), (match) =>
      match[1]!
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s/g, "-")
    )
  )
