import { fromMarkdown } from "mdast-util-from-markdown"
import { gfmFromMarkdown } from "mdast-util-gfm"
import { gfm } from "micromark-extension-gfm"

/** A node of the syntax tree, as far as the tests look at it. */
export interface MdNode {
  readonly type: string
  readonly value?: string
  readonly url?: string
  readonly depth?: number
  readonly checked?: boolean | null
  readonly ordered?: boolean | null
  readonly lang?: string | null
  readonly children?: ReadonlyArray<MdNode>
}

/** Parses Markdown the way GitHub reads it: CommonMark with the GFM extensions. */
export const parse = (markdown: string): MdNode =>
  fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }) as MdNode

/** The text a reader sees in a node: text and code, with hard breaks as `\n`. */
export const shown = (node: MdNode): string =>
  node.type === "break"
    ? "\n"
    : node.type === "text" || node.type === "inlineCode"
      ? (node.value ?? "")
      : (node.children ?? []).map(shown).join("")

/** Every node of the tree, depth first. */
export const nodes = (node: MdNode): ReadonlyArray<MdNode> => [node, ...(node.children ?? []).flatMap(nodes)]

/** The types of the nodes of a tree, each once. */
export const nodeTypes = (node: MdNode): ReadonlySet<string> => new Set(nodes(node).map((each) => each.type))

/** The nodes that turn text into something a reader can click or a browser runs. */
export const activeTypes = [
  "html",
  "link",
  "image",
  "linkReference",
  "imageReference",
  "definition",
  "footnoteReference",
  "footnoteDefinition"
]

/** The children of a node, asserting it has them. */
export const childrenOf = (node: MdNode | undefined): ReadonlyArray<MdNode> => node?.children ?? []

/** Control characters but tab, LF and CR (NUL, BEL, ESC, VT, FF, DEL, the C1 set), U+2028/2029 and invisible characters: a reader sees U+FFFD for each. */
const controls =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is what it is for
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g

/** `text` with its control characters as a reader should see them. */
export const withoutControls = (text: string): string => text.replace(controls, "\uFFFD")

const shownLines = (text: string): ReadonlyArray<string> =>
  withoutControls(text)
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")

/** What a reader should see of escaped text on one line: lines trimmed and joined by spaces, controls as U+FFFD. */
export const oneLine = (text: string): string => shownLines(text).join(" ")

/** What a reader should see of escaped text that keeps its line breaks: lines trimmed, blank ones dropped. */
export const byLine = (text: string): string => shownLines(text).join("\n")

/** What a reader should see of text in a fenced block: line endings as `\n`, controls as U+FFFD, one final line break dropped. */
export const verbatim = (text: string): string =>
  withoutControls(text.replace(/\r\n?/g, "\n")).replace(/\n$/, "")
