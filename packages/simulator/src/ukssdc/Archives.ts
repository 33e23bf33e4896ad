/**
 * The product archives under a job's URL, `${URL}/{lc,spec,psf,enh,xastrom,image,sourceDet,all}.tar.gz`
 * (or `.tar`, or `.zip`, which swifttools' `downloadProducts(format='zip')` and
 * `RetrieveProducts.md` offer): real small archives once the product is
 * complete, the web server's 404 page before then and for products the job
 * does not have. Source detection's is `sourceDet` (`prodDownloadStem` in
 * swifttools' `productVars.py`).
 */

import { tar, tarGz } from "../internal/tar.js"
import { zip } from "../internal/zip.js"
import type * as Route from "../Route.js"
import { type ArchiveName, entries } from "./Archive.js"
import type { State } from "./State.js"
import { jobLabel, notFound } from "./Wire.js"

const folderPattern = /^USERPROD_(\d{1,15})$/
const filePattern = /^(lc|spec|psf|enh|xastrom|image|sourceDet|all)\.(tar\.gz|tar|zip)$/

const formats = {
  "tar.gz": { contentType: "application/x-gzip", write: tarGz },
  tar: { contentType: "application/x-tar", write: tar },
  zip: { contentType: "application/zip", write: zip }
} as const

/** The `ukssdc.archive` route. */
export const route = (state: State): Route.Route => ({
  name: "ukssdc.archive",
  methods: ["GET"],
  pattern: "/user_objects/tprods/:folder/:file",
  handle: (request) => {
    const folder = folderPattern.exec(request.params.folder ?? "")
    const file = filePattern.exec(request.params.file ?? "")
    const job = folder === null ? undefined : state.get(Number(folder[1]))
    if (job === undefined || file === null) return notFound(job?.id)
    const name = file[1] as ArchiveName
    const format = formats[file[2] as keyof typeof formats]
    const files = entries(state.context.random, job, name, state.now())
    if (files === undefined) return notFound(job.id)
    return {
      status: 200,
      headers: {
        "Content-Type": format.contentType,
        "Content-Disposition": `attachment; filename="${file[0]}"`
      },
      body: format.write(files),
      job: jobLabel(job.id)
    }
  }
})
