/**
 * Reads an XML document with a real, namespace-aware parser (saxes) into a
 * small tree, so tests check what a client's parser would see: names as
 * namespace + local name, attributes, text. A document that is not
 * well-formed throws.
 */
import { SaxesParser } from "saxes"

/** An element: its namespace URI, local name, prefix, attributes (by qualified name) and children. */
export interface Element {
  readonly uri: string
  readonly name: string
  readonly prefix: string
  readonly attributes: Readonly<Record<string, string>>
  readonly children: Array<Element>
  text: string
}

/** Parses a whole document; throws on anything not well-formed. */
export const parse = (document: string): Element => {
  const parser = new SaxesParser({ xmlns: true })
  const stack: Array<Element> = []
  let root: Element | undefined
  parser.on("opentag", (tag) => {
    const element: Element = {
      uri: tag.uri,
      name: tag.local,
      prefix: tag.prefix,
      attributes: Object.fromEntries(
        Object.entries(tag.attributes).map(([name, attribute]) => [name, attribute.value])
      ),
      children: [],
      text: ""
    }
    stack.at(-1)?.children.push(element)
    root ??= element
    stack.push(element)
  })
  parser.on("text", (text) => {
    const top = stack.at(-1)
    if (top !== undefined) top.text += text
  })
  parser.on("closetag", () => void stack.pop())
  parser.write(document).close()
  if (root === undefined) throw new Error("the document has no root element")
  return root
}

/** The children with a local name. */
export const all = (element: Element, name: string): ReadonlyArray<Element> =>
  element.children.filter((child) => child.name === name)

/** The one child with a local name; throws when there is none. */
export const one = (element: Element, name: string): Element => {
  const found = element.children.find((child) => child.name === name)
  if (found === undefined) throw new Error(`<${element.name}> has no <${name}>`)
  return found
}

/** Every descendant with a local name, in document order. */
export const descendants = (element: Element, name: string): ReadonlyArray<Element> =>
  element.children.flatMap((child) => [...(child.name === name ? [child] : []), ...descendants(child, name)])
