/**
 * What a UKSSDC job produced, as outputs of its products' tasks: each
 * complete product's archive under the job's page, and the positions the
 * position products found.
 */
import type * as Job from "../Job.js"
import type { PositionResponse } from "./Jobs.js"
import { type ProductKind, productName } from "./Product.js"

/** The archives a job's page offers: one per product, and `all` (every complete product of a finished job). */
export type ArchiveName = ProductKind | "all"

/** The formats a product archive comes in. */
export type ArchiveFormat = "tar" | "tar.gz" | "zip"

/** The products that measure a position, and so have a position endpoint. */
export type PositionKind = "psf" | "enh" | "xastrom"

/** The products that measure a position. */
export const positionKinds: ReadonlyArray<PositionKind> = ["psf", "enh", "xastrom"]

/** Whether a product measures a position. */
export const isPositionKind = (product: string): product is PositionKind =>
  (positionKinds as ReadonlyArray<string>).includes(product)

/**
 * The URL of a product archive: `${jobUrl}/${product}.${format}` (default
 * format: tar.gz). `jobUrl` is the `URL` of the submit reply; the server
 * decides where a job lives, so it is never built from the job ID.
 */
export const archiveUrl = (jobUrl: string, product: ArchiveName, format: ArchiveFormat = "tar.gz"): string =>
  `${jobUrl.replace(/\/+$/, "")}/${product}.${format}`

/** A complete product's archive, as an output of its task. */
export const archiveOutput = (jobUrl: string, product: string): Job.Output => ({
  id: "archive",
  label: `${productName(product)} archive`,
  url: archiveUrl(jobUrl, product as ArchiveName),
  mediaType: "application/gzip"
})

/** A position a product found, as an output of its task; none when it found none. */
export const positionOutput = (position: PositionResponse): Job.Output | undefined =>
  position.GotPos === 1
    ? {
        id: "position",
        label: "Position",
        value: { _tag: "Position", ra: position.RA, dec: position.Dec, error: position.Err90 }
      }
    : undefined
