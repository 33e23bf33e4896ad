/**
 * What a UKSSDC job produced, as outputs of its products' tasks: each
 * complete product's archive under the job's page, the positions the
 * position products found, a light curve's datasets, a spectrum's fits and
 * the sources a source detection found.
 */
import type * as Job from "../Job.js"
import type { PositionResponse } from "./Jobs.js"
import { type LightCurveData, tableOf } from "./LightCurve.js"
import { type ProductKind, productName } from "./Product.js"
import { bandsOf, type SourceDetData, sourceNumber } from "./SourceDet.js"
import { intervalOf, type SpectrumData, SpectrumMode } from "./Spectrum.js"

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

/**
 * A light curve's datasets (`tprods/getLCData.php`), one output each: its
 * name and number of bins, linked to its table (a QDP file) when the server
 * gave one.
 */
export const lightCurveOutputs = (data: LightCurveData): ReadonlyArray<Job.Output> =>
  data.Datasets.flatMap((dataset) => {
    const table = tableOf(data, dataset)
    if (table === undefined) return []
    const bins = table.data.length
    return [
      {
        id: `dataset:${dataset}`,
        label: `Light curve ${dataset}: ${bins} ${bins === 1 ? "bin" : "bins"}`,
        ...(table.URL === undefined ? {} : { url: table.URL })
      }
    ]
  })

/** A fit's parameter as people read it, to four significant figures; `undefined` when it is not a number. */
const figure = (fit: Readonly<Record<string, unknown>>, name: string): string | undefined => {
  const value = fit[name]
  return typeof value === "number" ? value.toPrecision(4) : undefined
}

/**
 * A spectrum's fits (`tprods/getSpecData.php`), one output per interval, mode
 * and model: its photon index, absorbing column and observed flux, linked to
 * the fit's plot, and one per interval linked to its archive of spectra.
 */
export const spectrumOutputs = (data: SpectrumData): ReadonlyArray<Job.Output> =>
  (data.rnames ?? []).flatMap((rname) => {
    const interval = intervalOf(data, rname)
    if (interval === undefined) return []
    const archive: ReadonlyArray<Job.Output> =
      interval.DataFile === undefined
        ? []
        : [
            {
              id: `spectra:${rname}`,
              label: `Spectra of ${rname}`,
              url: interval.DataFile,
              mediaType: "application/gzip"
            }
          ]
    const fits = SpectrumMode.literals.flatMap((mode) => {
      const spectrum = interval[mode]
      if (spectrum === undefined || typeof spectrum !== "object") return []
      return (spectrum.Models ?? []).flatMap((model) => {
        const fit = spectrum[model] as Readonly<Record<string, unknown>> | undefined
        if (fit === undefined || typeof fit !== "object") return []
        const parts = [
          ["Γ", figure(fit, "Gamma")],
          ["NH", figure(fit, "NH")],
          ["flux", figure(fit, "ObsFlux")]
        ].flatMap(([name, value]) => (value === undefined ? [] : [`${name} ${value}`]))
        const image = fit.Image
        return [
          {
            id: `fit:${rname}:${mode}:${model}`,
            label: `${model} fit of ${rname} (${mode})${parts.length === 0 ? "" : `: ${parts.join(", ")}`}`,
            ...(typeof image === "string" ? { url: image } : {})
          }
        ]
      })
    })
    return [...archive, ...fits]
  })

/**
 * A source detection's results (`tprods/getSourceDetResults.php`): one output
 * per band with the number of sources found in it, then each source of the
 * `Total` band as a `Position` with its 90 % error radius, numbered as the
 * server numbers them (`sno`). A source without a readable RA and Dec is left out.
 */
export const sourceDetOutputs = (data: SourceDetData): ReadonlyArray<Job.Output> => {
  const bands = bandsOf(data).map(
    ({ band, sources }): Job.Output => ({
      id: `band:${band}`,
      label: `${band} band: ${sources.length} ${sources.length === 1 ? "source" : "sources"}`
    })
  )
  const positions = data.Total.flatMap((source, index): ReadonlyArray<Job.Output> => {
    const ra = sourceNumber(source, "ra")
    const dec = sourceNumber(source, "dec")
    if (ra === undefined || dec === undefined) return []
    const error = sourceNumber(source, "err90")
    const number = sourceNumber(source, "sno") ?? index + 1
    const counts = sourceNumber(source, "C")
    return [
      {
        id: `source:${number}`,
        label: `Source ${number}${counts === undefined ? "" : ` (${counts} counts)`}`,
        value: { _tag: "Position", ra, dec, ...(error === undefined ? {} : { error }) }
      }
    ]
  })
  return [...bands, ...positions]
}
