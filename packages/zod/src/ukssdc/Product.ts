/**
 * UKSSDC XRT products: which ones there are, and the comma-separated list
 * (`"lc,spec"`) requests name them with.
 */
import * as z from "zod"

/** The products the XRT product builder makes. */
export const ProductKind = z.enum(["lc", "spec", "enh", "psf", "xastrom", "image", "sourceDet"])

/** The products the XRT product builder makes. */
export type ProductKind = z.output<typeof ProductKind>

/** A product key as the server sends it: one of {@link ProductKind}, or one it added since. */
export type ProductKey = ProductKind | (string & {})

/** The products a list names, as the server reads it: split at commas, spaces around each trimmed. */
export const parseProductList = (list: string): ReadonlyArray<ProductKey> =>
  list.split(",").map((product) => product.trim())

// A product key is letters, digits and underscores, starting with a letter; `\s` is what `trim` removes.
const productListPattern = /^\s*[A-Za-z][A-Za-z0-9_]*\s*(?:,\s*[A-Za-z][A-Za-z0-9_]*\s*)*$/

/**
 * A list of products as requests carry it: comma-separated product keys, such
 * as `"lc,spec"`. Kept as text (the core decodes it to an array).
 */
export const ProductList = z
  .string()
  .regex(productListPattern, "Invalid input: expected product keys separated by commas, such as lc,spec")
