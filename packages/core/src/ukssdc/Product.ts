/**
 * UKSSDC XRT products: which ones there are, and the list form (`"lc,spec"`)
 * requests use for them.
 */
import * as Schema from "effect/Schema"
import * as SchemaTransformation from "effect/SchemaTransformation"

/** The products the XRT product builder makes. */
export const ProductKind = Schema.Literals(["lc", "spec", "enh", "psf", "xastrom", "image", "sourceDet"])

/** The products the XRT product builder makes. */
export type ProductKind = typeof ProductKind.Type

/**
 * A product key as the server sends it: one of {@link ProductKind}, or one it
 * added since, which is kept rather than dropped.
 */
export type ProductKey = ProductKind | (string & {})

const names: Readonly<Record<string, string>> = {
  lc: "Light curve",
  spec: "Spectrum",
  enh: "Enhanced position",
  psf: "Standard (PSF) position",
  xastrom: "Astrometric position",
  image: "Image",
  sourceDet: "Source detection"
}

/** A product's name for people: "Light curve" for `lc`; an unknown key as it is. */
export const productName = (product: ProductKey): string => names[product] ?? product

/** The submit parameter that asks for each product, as the real client sends it (`dopsf: 1` for `psf`). */
export const productFlag: Readonly<Record<ProductKind, string>> = {
  lc: "lc",
  spec: "spec",
  psf: "dopsf",
  enh: "doenh",
  xastrom: "doxastrom",
  image: "image",
  sourceDet: "sourceDet"
}

/** A product key as requests carry it: letters and digits. */
const ProductKeyText = Schema.String.check(
  Schema.isPattern(/^[A-Za-z][A-Za-z0-9_]*$/, { expected: "a product key such as lc or spec" })
)

/**
 * A list of products, sent as the comma-separated text the server expects
 * (`["lc", "spec"]` ⇄ `"lc,spec"`).
 */
export const ProductList = Schema.String.pipe(
  Schema.decodeTo(
    Schema.Array(ProductKeyText as Schema.Codec<ProductKey>).check(Schema.isMinLength(1)),
    SchemaTransformation.transform({
      decode: (text: string): ReadonlyArray<string> => text.split(",").map((product) => product.trim()),
      encode: (products: ReadonlyArray<string>) => products.join(",")
    })
  )
)
