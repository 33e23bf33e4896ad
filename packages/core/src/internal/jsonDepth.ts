/**
 * Whether a JSON value nests objects and arrays more than `limit` levels deep.
 * Iterative, so that a hostile value cannot overflow the stack while it is measured.
 */
export const nestsDeeperThan = (value: unknown, limit: number): boolean => {
  // Two stacks side by side (node, its depth) rather than one of pairs: this runs on every TOO result decoded.
  const nodes: Array<unknown> = [value]
  const depths: Array<number> = [0]
  while (nodes.length > 0) {
    const node = nodes.pop()
    const depth = depths.pop()!
    if (typeof node !== "object" || node === null) continue
    if (depth >= limit) return true
    const children = Array.isArray(node) ? node : Object.values(node)
    for (const child of children) {
      // Leaves need no visit of their own.
      if (typeof child !== "object" || child === null) continue
      nodes.push(child)
      depths.push(depth + 1)
    }
  }
  return false
}
