/**
 * Whether a JSON value nests objects and arrays more than `limit` levels deep:
 * the value itself is level 0. Iterative, so that a hostile value cannot
 * overflow the stack while it is measured.
 *
 * The core has the same function internally; importing it would bring the
 * core's modules (and Effect) into a page that only checks replies with zod.
 */
export const nestsDeeperThan = (value: unknown, limit: number): boolean => {
  const pending: Array<readonly [unknown, number]> = [[value, 0]]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, depth] = next
    if (typeof node !== "object" || node === null) continue
    if (depth >= limit) return true
    for (const child of Array.isArray(node) ? node : Object.values(node)) pending.push([child, depth + 1])
  }
  return false
}
