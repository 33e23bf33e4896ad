import * as z from "zod"

/** Any JSON value, with read-only arrays and objects as in the core's types. */
export type Json = null | boolean | number | string | JsonArray | JsonObject

/** A JSON array. */
export interface JsonArray extends ReadonlyArray<Json> {}

/** A JSON object. */
export interface JsonObject {
  readonly [key: string]: Json
}

const isLeaf = (value: unknown): boolean =>
  value === null ||
  typeof value === "string" ||
  typeof value === "boolean" ||
  (typeof value === "number" && Number.isFinite(value))

/** A plain object: made by `{}` or `JSON.parse`, in this realm or another. */
const isPlainObject = (value: object): boolean => {
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === null || prototype === Object.prototype || Object.getPrototypeOf(prototype) === null
}

/**
 * Whether a value is JSON: finite numbers, strings, booleans, `null`, and arrays
 * and plain objects of them, with no cycle (a value shared by two parents is
 * fine). The same verdict as Effect's `Schema.Json`, and like it iterative, so
 * that a hostile nesting depth cannot overflow the stack.
 */
export const isJson = (value: unknown): boolean => {
  // false: on the path being checked (seeing it again is a cycle); true: checked.
  const state = new WeakMap<object, boolean>()
  const frames: Array<{ readonly node: object; readonly children: ReadonlyArray<unknown>; next: number }> = []
  let current: unknown = value
  for (;;) {
    if (typeof current !== "object" || current === null) {
      if (!isLeaf(current)) return false
    } else {
      const seen = state.get(current)
      if (seen === false) return false
      if (seen === undefined) {
        if (!Array.isArray(current) && !isPlainObject(current)) return false
        state.set(current, false)
        const node: object = current
        // Holes in an array read as `undefined`, which is not JSON.
        const children = Array.isArray(node)
          ? Array.from(node)
          : Object.keys(node).map((key) => (node as Record<string, unknown>)[key])
        frames.push({ node, children, next: 0 })
      }
    }
    let frame = frames.at(-1)
    while (frame !== undefined && frame.next === frame.children.length) {
      state.set(frame.node, true)
      frames.pop()
      frame = frames.at(-1)
    }
    if (frame === undefined) return true
    current = frame.children[frame.next++]
  }
}

/** Any JSON value, checked without recursion (see {@link isJson}); parsed, it is the same value. */
export const Json = z.custom<Json>(isJson, { error: "Invalid input: expected a JSON value" })

/** A JSON object, as the TOO API's `api_data` of an unknown api_name and UKSSDC `jobPars` are. */
export const JsonObject = z.record(z.string(), Json)
