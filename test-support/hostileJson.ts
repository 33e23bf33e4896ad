/**
 * JSON values nested far deeper than any real reply, built without recursion:
 * the inputs with which the core's and the zod package's hostile-input tests
 * check that deep nesting gives a verdict, never a stack overflow.
 */

/** `[[[…1…]]]`, `levels` arrays deep. */
export const nestedArrays = (levels: number): unknown => {
  let value: unknown = 1
  for (let level = 0; level < levels; level++) value = [value]
  return value
}

/** `{key: {key: …1…}}`, `levels` objects deep. */
export const nestedObjects = (levels: number, key: string): unknown => {
  let value: unknown = 1
  for (let level = 0; level < levels; level++) value = { [key]: value }
  return value
}

/** A `Swift_TOO_Status` whose result is a status whose result is …, `levels` results deep. */
export const chainedResults = (levels: number): unknown => {
  const root = { api_name: "Swift_TOO_Status", api_version: "1.2", api_data: { status: "Accepted" } }
  let at: { api_data: Record<string, unknown> } = root
  for (let level = 0; level < levels; level++) {
    const next = { api_name: "Swift_TOO_Status", api_version: "1.2", api_data: { status: "Accepted" } }
    at.api_data.result = next
    at = next
  }
  return root
}
