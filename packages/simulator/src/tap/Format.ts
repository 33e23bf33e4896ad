/**
 * The output formats of the simulated TAP service and how `RESPONSEFORMAT`
 * (or TAP 1.0's `FORMAT`) names them: a short name or a MIME type, with any
 * parameters after `;` read as real services read them.
 */
import * as Delimited from "./Delimited.js"
import type * as Query from "./Query.js"
import * as VoTable from "./VoTable.js"

/** An output format: its MIME type, the names that ask for it, and its writer. */
export interface Format {
  readonly mime: string
  /** The `Content-Type` of a reply in this format. */
  readonly contentType: string
  readonly aliases: ReadonlyArray<string>
  readonly write: (outcome: Query.Result, query: string) => string
}

/** Every format offered, VOTable (the default) first. */
export const formats: ReadonlyArray<Format> = [
  {
    mime: VoTable.contentType,
    contentType: VoTable.contentType,
    aliases: ["votable", "votable/td", "text/xml", "application/x-votable+xml", "application/x-votable"],
    write: VoTable.result
  },
  {
    mime: "text/csv",
    contentType: "text/csv; charset=UTF-8",
    aliases: ["csv", "text/csv"],
    write: Delimited.csv
  },
  {
    mime: "text/tab-separated-values",
    contentType: "text/tab-separated-values; charset=UTF-8",
    aliases: ["tsv", "text/tab-separated-values"],
    write: Delimited.tsv
  }
]

/** The format `asked` names (undefined asks for the default), or a sentence saying what is offered. */
export const choose = (asked: string | undefined): Format | string => {
  if (asked === undefined || asked.trim() === "") return formats[0]!
  const [base = "", ...parameters] = asked
    .toLowerCase()
    .split(";")
    .map((part) => part.trim())
  const format = formats.find((candidate) => candidate.aliases.includes(base))
  const serialization = parameters.find((parameter) => parameter.startsWith("serialization="))
  if (format === undefined || (serialization !== undefined && serialization !== "serialization=tabledata"))
    return `RESPONSEFORMAT ${asked.slice(0, 80)} is not offered; ask for votable (the default), csv or tsv`
  return format
}
