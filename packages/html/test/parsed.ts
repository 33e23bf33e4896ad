import { type DefaultTreeAdapterMap, parseFragment } from "parse5"

type ChildNode = DefaultTreeAdapterMap["childNode"]
type Element = DefaultTreeAdapterMap["element"]

/** An element as a real HTML parser built it: its name, attributes and text content. */
export interface ParsedElement {
  readonly name: string
  readonly attributes: Readonly<Record<string, string>>
  /** The element's text content, all descendants' text in order. */
  readonly text: string
  /** The element's children re-written as HTML tags and raw text, to compare with the markup that went in. */
  readonly markup: string
}

/** What a parser made of a fragment: every element in document order, every text node, any comment. */
export interface Parsed {
  readonly elements: ReadonlyArray<ParsedElement>
  readonly texts: ReadonlyArray<string>
  readonly comments: ReadonlyArray<string>
  /** The text content of the whole fragment. */
  readonly text: string
}

const isElement = (node: ChildNode): node is Element => "tagName" in node

const textOf = (nodes: ReadonlyArray<ChildNode>): string =>
  nodes
    .map((node) =>
      node.nodeName === "#text"
        ? (node as { value: string }).value
        : isElement(node)
          ? textOf(node.childNodes)
          : ""
    )
    .join("")

const markupOf = (nodes: ReadonlyArray<ChildNode>): string =>
  nodes
    .map((node) =>
      node.nodeName === "#text"
        ? (node as { value: string }).value
        : isElement(node)
          ? `<${node.tagName}>${markupOf(node.childNodes)}</${node.tagName}>`
          : ""
    )
    .join("")

/** Parses an HTML fragment (in a `<body>`) with parse5, as a browser would. */
export const parse = (html: string): Parsed => {
  const elements: Array<ParsedElement> = []
  const texts: Array<string> = []
  const comments: Array<string> = []
  const walk = (nodes: ReadonlyArray<ChildNode>): void => {
    for (const node of nodes) {
      if (node.nodeName === "#text") texts.push((node as { value: string }).value)
      else if (node.nodeName === "#comment") comments.push((node as { data: string }).data)
      else if (isElement(node)) {
        elements.push({
          name: node.tagName,
          attributes: Object.fromEntries(node.attrs.map(({ name, value }) => [name, value])),
          text: textOf(node.childNodes),
          markup: markupOf(node.childNodes)
        })
        walk(node.childNodes)
      }
    }
  }
  const fragment = parseFragment(html)
  walk(fragment.childNodes)
  return { elements, texts, comments, text: textOf(fragment.childNodes) }
}
