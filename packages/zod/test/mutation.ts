import * as Schema from "effect/Schema"

/** Where a value sits inside another: object keys and array indices from the top. */
export type Path = ReadonlyArray<string | number>

const childrenOf = (node: object): Array<readonly [string | number, unknown]> =>
  Array.isArray(node) ? node.map((child, index) => [index, child] as const) : Object.entries(node)

/** Every place inside a JSON value (not the value itself), depth first. */
export const places = (value: unknown): Array<Path> => {
  const found: Array<Path> = []
  const walk = (node: unknown, path: Path): void => {
    if (typeof node !== "object" || node === null) return
    for (const [key, child] of childrenOf(node)) {
      const at = [...path, key]
      found.push(at)
      walk(child, at)
    }
  }
  walk(value, [])
  return found
}

/** Every object inside a JSON value, the value itself included. */
export const objectPlaces = (value: unknown): Array<Path> =>
  [[], ...places(value)].filter((path) => {
    const node = get(value, path)
    return typeof node === "object" && node !== null && !Array.isArray(node)
  })

/** The value at a path. */
export const get = (value: unknown, path: Path): unknown =>
  path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value)

/** A copy of a JSON value with `change` applied to the parent of the place at `path`. */
const editParent = (
  value: unknown,
  path: Path,
  change: (parent: Record<string | number, unknown>) => void
) => {
  const copy = JSON.parse(JSON.stringify(value)) as unknown
  change(get(copy, path.slice(0, -1)) as Record<string | number, unknown>)
  return copy
}

/** A copy of a JSON value with the value at `path` replaced. */
export const replaceAt = (value: unknown, path: Path, replacement: unknown): unknown =>
  editParent(value, path, (parent) => {
    // Defined, not assigned, so that a key named __proto__ is a key like any other.
    Object.defineProperty(parent, path.at(-1)!, {
      value: replacement,
      enumerable: true,
      writable: true,
      configurable: true
    })
  })

/** A copy of a JSON value without the object key at `path`. */
export const removeAt = (value: unknown, path: Path): unknown =>
  editParent(value, path, (parent) => {
    delete parent[path.at(-1)!]
  })

type JsonType = "null" | "boolean" | "number" | "string" | "array" | "object"

const jsonType = (value: unknown): JsonType =>
  value === null ? "null" : Array.isArray(value) ? "array" : (typeof value as JsonType)

/** One value of each JSON type, for when the generated replacement has the type already there. */
const samples: ReadonlyArray<unknown> = [null, true, 7, "7", [7], { seven: 7 }]

/**
 * What to do to a valid value: put a value of another JSON type somewhere,
 * remove a key, or add one. `at` picks the place among those there are.
 */
export const Mutation = Schema.Struct({
  kind: Schema.Literals(["retype", "remove", "add"]),
  at: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 1_000_000 })),
  key: Schema.String,
  value: Schema.Json
})

/** What to do to a valid value. */
export type Mutation = typeof Mutation.Type

/** The value mutated, or `undefined` when it has no place for this kind of mutation. */
export const mutate = (value: unknown, mutation: Mutation): unknown => {
  switch (mutation.kind) {
    case "retype": {
      const all = places(value)
      const path = all[mutation.at % all.length]
      if (path === undefined) return undefined
      const current = jsonType(get(value, path))
      const replacement =
        jsonType(mutation.value) !== current
          ? mutation.value
          : samples.find((sample) => jsonType(sample) !== current)
      return replaceAt(value, path, replacement)
    }
    case "remove": {
      const keys = places(value).filter((path) => typeof path.at(-1) === "string")
      const path = keys[mutation.at % keys.length]
      return path === undefined ? undefined : removeAt(value, path)
    }
    case "add": {
      const objects = objectPlaces(value)
      const path = objects[mutation.at % objects.length]
      return path === undefined ? undefined : replaceAt(value, [...path, mutation.key], mutation.value)
    }
  }
}
