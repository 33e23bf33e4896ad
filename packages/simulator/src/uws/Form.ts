/**
 * The parameters of a UWS or TAP request, as servers read them: from the
 * query string and from a form body (`application/x-www-form-urlencoded`, or
 * `multipart/form-data` as a TAP client sends it with an inline `UPLOAD`),
 * with names compared without regard to case (UWS 1.1 and DALI ask it).
 */
import * as Schema from "effect/Schema"
import type * as Route from "../Route.js"

/** A request's parameters in the order sent, and the files of a multipart body by field name. */
export interface Form {
  readonly entries: ReadonlyArray<readonly [name: string, value: string]>
  readonly files: ReadonlyMap<string, string>
}

/** A body that is not a form: its type is wrong, or its multipart framing is broken. */
export class FormError extends Schema.TaggedError<FormError>()("FormError", { message: Schema.String }) {}

/** The request's parameters, or the {@link FormError} of a body that cannot be read as a form. */
export const read = async (request: Route.Request): Promise<Form | FormError> => {
  const entries: Array<readonly [string, string]> = [...request.query]
  const files = new Map<string, string>()
  const type = request.headers["content-type"] ?? ""
  if (request.method === "POST" && request.body !== "") {
    if (/^multipart\/form-data/i.test(type)) {
      let data: FormData
      try {
        data = await new Response(request.body, { headers: { "content-type": type } }).formData()
      } catch {
        return new FormError({
          message: "the multipart/form-data body cannot be read: its boundaries are broken"
        })
      }
      for (const [name, value] of data) {
        if (typeof value === "string") entries.push([name, value])
        else files.set(name, await value.text())
      }
    } else if (type === "" || /^application\/x-www-form-urlencoded/i.test(type)) {
      entries.push(...new URLSearchParams(request.body))
    } else
      return new FormError({
        message: `send parameters as application/x-www-form-urlencoded or multipart/form-data, not ${type.slice(0, 100)}`
      })
  }
  return { entries, files }
}

/** The last value of a parameter, any case of its name, or undefined. */
export const get = (form: Form, name: string): string | undefined => {
  const upper = name.toUpperCase()
  let found: string | undefined
  for (const [key, value] of form.entries) if (key.toUpperCase() === upper) found = value
  return found
}

/** Every value of a parameter, any case of its name, in the order sent. */
export const getAll = (form: Form, name: string): ReadonlyArray<string> => {
  const upper = name.toUpperCase()
  return form.entries.flatMap(([key, value]) => (key.toUpperCase() === upper ? [value] : []))
}
