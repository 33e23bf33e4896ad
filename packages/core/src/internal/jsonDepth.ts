/**
 * Whether a JSON value nests objects and arrays more than `limit` levels deep.
 * Iterative, so that a hostile value cannot overflow the stack while it is measured.
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
