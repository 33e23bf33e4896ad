import * as z from "zod"

/**
 * An object of fixed fields, and other keys that pass `isRestKey` each parsed
 * with `rest`; keys that are neither are dropped, as the core's
 * `Schema.StructWithRest` with a refined record key drops them.
 */
export const withRest = <Fields extends z.core.$ZodLooseShape, Rest extends z.ZodType>(
  fields: Fields,
  isRestKey: (key: string) => boolean,
  rest: Rest
) =>
  z.looseObject(fields).check((payload) => {
    const sent: Record<string, unknown> = payload.value
    const kept: Record<string, unknown> = {}
    for (const key in sent) {
      if (Object.hasOwn(fields, key)) kept[key] = sent[key]
      else if (isRestKey(key)) {
        const parsed = rest.safeParse(sent[key])
        if (parsed.success) kept[key] = parsed.data
        else
          for (const issue of parsed.error.issues)
            payload.issues.push({ ...issue, path: [key, ...issue.path] } as z.core.$ZodRawIssue)
      }
    }
    payload.value = kept as typeof payload.value
  })
