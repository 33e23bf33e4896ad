import { isDeepStrictEqual } from "node:util"
import type { JsonSchema } from "../src/index.js"

type Schema = JsonSchema.Document

/** The keywords {@link validate} implements; any other keyword in a document is an error, never ignored. */
export const keywords: ReadonlySet<string> = new Set([
  "$schema",
  "$defs",
  "$ref",
  "type",
  "properties",
  "required",
  "additionalProperties",
  "patternProperties",
  "propertyNames",
  "items",
  "prefixItems",
  "minItems",
  "maxItems",
  "anyOf",
  "oneOf",
  "allOf",
  "enum",
  "const",
  "pattern",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum"
])

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const hasType = (value: unknown, type: string): boolean => {
  switch (type) {
    case "null":
      return value === null
    case "boolean":
      return typeof value === "boolean"
    case "string":
      return typeof value === "string"
    case "number":
      return typeof value === "number"
    case "integer":
      return typeof value === "number" && Number.isInteger(value)
    case "array":
      return Array.isArray(value)
    case "object":
      return isObject(value)
    default:
      throw new Error(`unknown type ${type}`)
  }
}

const resolve = (root: Schema, ref: string): Schema => {
  if (ref === "#") return root
  const name = /^#\/\$defs\/([^/]+)$/.exec(ref)?.[1]
  const target = name === undefined ? undefined : (root.$defs as Record<string, Schema> | undefined)?.[name]
  if (target === undefined) throw new Error(`unresolved $ref ${ref}`)
  return target
}

/**
 * Whether a JSON value is valid against a JSON Schema (draft 2020-12), for the
 * subset of keywords in {@link keywords}: the ones zod writes for this
 * package's schemas. Local `$ref`s only; patterns are ECMAScript regular
 * expressions with the `u` flag, as the draft says.
 */
export const validate = (root: Schema, value: unknown, schema: Schema = root): boolean =>
  Object.entries(schema).every(([keyword, argument]): boolean => {
    switch (keyword) {
      case "$schema":
      case "$defs":
        return true
      case "$ref":
        return validate(root, value, resolve(root, argument as string))
      case "type":
        return (Array.isArray(argument) ? argument : [argument]).some((type) =>
          hasType(value, type as string)
        )
      case "properties":
        return (
          !isObject(value) ||
          Object.entries(argument as Record<string, Schema>).every(
            ([key, property]) => !Object.hasOwn(value, key) || validate(root, value[key], property)
          )
        )
      case "required":
        return (
          !isObject(value) || (argument as ReadonlyArray<string>).every((key) => Object.hasOwn(value, key))
        )
      case "patternProperties":
        return (
          !isObject(value) ||
          Object.entries(argument as Record<string, Schema>).every(([pattern, property]) =>
            Object.keys(value)
              .filter((key) => new RegExp(pattern, "u").test(key))
              .every((key) => validate(root, value[key], property))
          )
        )
      case "propertyNames":
        return !isObject(value) || Object.keys(value).every((key) => validate(root, key, argument as Schema))
      case "additionalProperties": {
        if (!isObject(value)) return true
        const named = Object.keys((schema.properties ?? {}) as object)
        const patterns = Object.keys((schema.patternProperties ?? {}) as object).map(
          (pattern) => new RegExp(pattern, "u")
        )
        return Object.keys(value)
          .filter((key) => !named.includes(key) && !patterns.some((pattern) => pattern.test(key)))
          .every((key) =>
            typeof argument === "boolean" ? argument : validate(root, value[key], argument as Schema)
          )
      }
      case "items": {
        // Applies to the items after those prefixItems describes; `false` allows none.
        if (!Array.isArray(value)) return true
        const rest = value.slice(((schema.prefixItems ?? []) as ReadonlyArray<unknown>).length)
        return typeof argument === "boolean"
          ? argument || rest.length === 0
          : rest.every((item) => validate(root, item, argument as Schema))
      }
      case "prefixItems":
        return (
          !Array.isArray(value) ||
          (argument as ReadonlyArray<Schema>).every(
            (item, index) => index >= value.length || validate(root, value[index], item)
          )
        )
      case "minItems":
        return !Array.isArray(value) || value.length >= (argument as number)
      case "maxItems":
        return !Array.isArray(value) || value.length <= (argument as number)
      case "anyOf":
        return (argument as ReadonlyArray<Schema>).some((option) => validate(root, value, option))
      case "oneOf":
        return (
          (argument as ReadonlyArray<Schema>).filter((option) => validate(root, value, option)).length === 1
        )
      case "allOf":
        return (argument as ReadonlyArray<Schema>).every((part) => validate(root, value, part))
      case "enum":
        return (argument as ReadonlyArray<unknown>).some((option) => isDeepStrictEqual(option, value))
      case "const":
        return isDeepStrictEqual(argument, value)
      case "pattern":
        return typeof value !== "string" || new RegExp(argument as string, "u").test(value)
      case "minimum":
        return typeof value !== "number" || value >= (argument as number)
      case "maximum":
        return typeof value !== "number" || value <= (argument as number)
      case "exclusiveMinimum":
        return typeof value !== "number" || value > (argument as number)
      case "exclusiveMaximum":
        return typeof value !== "number" || value < (argument as number)
      default:
        throw new Error(`the validator does not implement the keyword ${keyword}`)
    }
  })
