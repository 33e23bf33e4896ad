/**
 * The job's page, the `URL` of the submit reply (`…/user_objects/tprods/USERPROD_14`):
 * on the real server a web page for people, so a browser that follows a
 * report's link to it gets one here too, rather than the position route's
 * "answers POST, not GET". It lists the job's products, each with its status
 * now and, once complete, a link to its archive (relative, as the real
 * page's are). The job's name is the submitter's text, escaped.
 */
import { Ukssdc } from "@jobscope/core"
import type * as Route from "../Route.js"
import { codeAt } from "./Job.js"
import { statusText } from "./Report.js"
import type { State } from "./State.js"
import { contentType, jobLabel, notFound } from "./Wire.js"

const folderPattern = /^USERPROD_(\d{1,15})$/

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (character) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character]!
  )

/** The `ukssdc.jobPage` route. */
export const route = (state: State): Route.Route => ({
  name: "ukssdc.jobPage",
  methods: ["GET"],
  pattern: "/user_objects/tprods/:folder",
  handle: (request) => {
    const folder = folderPattern.exec(request.params.folder ?? "")
    const job = folder === null ? undefined : state.get(Number(folder[1]))
    if (job === undefined || folder === null) return notFound(job?.id)
    const now = state.now()
    const name = typeof job.parameters.name === "string" ? job.parameters.name : `job ${job.id}`
    const rows = job.plan.products.map((product) => {
      const code = codeAt(job, product, now)
      const title = escapeHtml(Ukssdc.productName(product.product))
      const archive =
        code === 4 ? ` <a href="${folder[0]}/${product.product}.tar.gz">${title} archive</a>` : ""
      return `<li>${title}: ${escapeHtml(statusText[code])}.${archive}</li>`
    })
    return {
      status: 200,
      headers: { "Content-Type": contentType },
      body: `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>XRT products: ${escapeHtml(name)}</title></head>\n<body><h1>XRT products for ${escapeHtml(name)}</h1>\n<ul>\n${rows.join("\n")}\n</ul>\n</body></html>\n`,
      job: jobLabel(job.id)
    }
  }
})
