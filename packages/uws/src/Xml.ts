/**
 * XML as a UWS or TAP service sends it, read safely into one neutral tree of
 * elements. The parser is `saxes` (a streaming, non-validating parser that
 * never fetches anything and expands no entity a document defines), and this
 * module refuses on top of it whatever a job document never needs and an
 * attacker would use: a DOCTYPE (so no "billion laughs", no external entity),
 * text longer than {@link Limits.maxChars}, more than {@link Limits.maxDepth}
 * levels of nesting, more than {@link Limits.maxElements} elements. Each
 * refusal is thrown before the work it would cost, and reads as a sentence.
 *
 * Names are namespace-resolved: an element's `namespace` is the URI its prefix
 * (or the default namespace) is bound to, whatever the prefix; an attribute in
 * a namespace is keyed in Clark notation, `{http://www.w3.org/1999/xlink}href`.
 *
 * @example
 * ```ts
 * import { Xml } from "@jobscope/uws"
 *
 * const root = Xml.parse('<a xmlns="urn:x"><b k="v">text</b></a>')
 * root.children[0]?.attributes.k // "v"
 * ```
 */
import type { DecodeError } from "@jobscope/core"
import * as Schema from "effect/Schema"
import { SaxesParser } from "saxes"

/** One element: its local name, namespace, attributes, text and child elements. */
export interface Element {
  /** The local name, without prefix: `phase` for `<uws:phase>`. */
  readonly name: string
  /** The namespace URI the element's prefix or the default namespace is bound to; "" for none. */
  readonly namespace: string
  /** Attributes by name; those in a namespace as `{uri}local` (xmlns declarations are left out). */
  readonly attributes: Readonly<Record<string, string>>
  /** The element's own text (and CDATA), its children's left out, untrimmed. */
  readonly text: string
  readonly children: ReadonlyArray<Element>
}

/** One element, as a schema: how a UWS `jobInfo` is kept, whatever it holds. */
export const Element: Schema.Codec<Element> = Schema.Struct({
  name: Schema.String,
  namespace: Schema.String,
  attributes: Schema.Record(Schema.String, Schema.String),
  text: Schema.String,
  children: Schema.Array(Schema.suspend((): Schema.Codec<Element> => Element))
})

/** What a document may cost at most. Every field has a default. */
export interface Limits {
  /** The longest document, in characters (default: 4 Mi characters; a job document is a few KB). */
  readonly maxChars?: number
  /** The deepest nesting of elements (default: 64). */
  readonly maxDepth?: number
  /** The most elements in one document (default: 100,000: a job list of many thousand jobs). */
  readonly maxElements?: number
}

/** The limits a document is read under when none are given. */
export const defaultLimits: Required<Limits> = {
  maxChars: 4 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 100_000
}

/** The namespace `xsi:nil` and `xsi:type` are in. */
export const xsiNamespace = "http://www.w3.org/2001/XMLSchema-instance"

/** The namespace `xlink:href` is in. */
export const xlinkNamespace = "http://www.w3.org/1999/xlink"

/** An attribute's key in {@link Element.attributes}: its local name, or `{uri}local` when in a namespace. */
export const attributeKey = (namespace: string, local: string): string =>
  namespace === "" ? local : `{${namespace}}${local}`

/** Whether an element is `xsi:nil="true"` (or `"1"`): present, but saying it has no value. */
export const isNil = (element: Element): boolean => {
  const nil = element.attributes[attributeKey(xsiNamespace, "nil")]?.trim()
  return nil === "true" || nil === "1"
}

/** A document that is not XML or that breaks a limit: the message says which. */
export class XmlRefused extends Error {
  override readonly name = "XmlRefused"
}

const characters = (count: number): string =>
  count >= 1_000_000 ? `${(count / 1_000_000).toFixed(1)} million characters` : `${count} characters`

/** What is said of a document longer than the limit. */
export const tooLong = (length: number, maxChars: number): string =>
  `the document is ${characters(length)} long, over the limit of ${characters(maxChars)}`

/**
 * Parses a document into its root element; throws {@link XmlRefused} with a
 * readable message when it is not well-formed XML or breaks a limit.
 */
export const parse = (text: string, limits: Limits = {}): Element => {
  const { maxChars, maxDepth, maxElements } = { ...defaultLimits, ...limits }
  // Before any parsing: a 50 MB document costs nothing but this comparison.
  if (text.length > maxChars) throw new XmlRefused(tooLong(text.length, maxChars))
  const parser = new SaxesParser({ xmlns: true, position: false })
  interface Open {
    readonly name: string
    readonly namespace: string
    readonly attributes: Record<string, string>
    text: string
    readonly children: Array<Element>
  }
  const stack: Array<Open> = []
  let root: Element | undefined
  let elements = 0
  parser.on("error", (error) => {
    throw new XmlRefused(error.message.replace(/^undefined:\d*:?\d*:?\s*/, ""))
  })
  parser.on("doctype", () => {
    // Entities (internal ones that multiply, external ones that fetch) can only be declared in a DTD.
    throw new XmlRefused("a DOCTYPE is not allowed (a job document has none; entities are never expanded)")
  })
  parser.on("opentag", (tag) => {
    elements += 1
    if (elements > maxElements) throw new XmlRefused(`more than ${maxElements} elements`)
    if (stack.length >= maxDepth) throw new XmlRefused(`elements nested more than ${maxDepth} deep`)
    const attributes: Record<string, string> = {}
    for (const attribute of Object.values(tag.attributes)) {
      if (attribute.prefix === "xmlns" || (attribute.prefix === "" && attribute.local === "xmlns")) continue
      attributes[attributeKey(attribute.uri, attribute.local)] = attribute.value
    }
    stack.push({ name: tag.local, namespace: tag.uri, attributes, text: "", children: [] })
  })
  const addText = (text: string) => {
    const open = stack.at(-1)
    if (open !== undefined) open.text += text
  }
  parser.on("text", addText)
  parser.on("cdata", addText)
  parser.on("closetag", () => {
    const open = stack.pop()
    if (open === undefined) return
    const element: Element = open
    const parent = stack.at(-1)
    if (parent === undefined) root = element
    else parent.children.push(element)
  })
  parser.write(text).close()
  if (root === undefined) throw new XmlRefused("the document has no root element")
  return root
}

/** XML as a body format for `DecodeError.decodeBody`: {@link parse} under the limits given. */
export const format = (limits: Limits = {}): DecodeError.BodyFormat => ({
  name: "XML",
  parse: (text) => parse(text, limits)
})
