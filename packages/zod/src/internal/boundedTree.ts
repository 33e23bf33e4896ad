import * as z from "zod"

/**
 * The deepest nesting of progress steps accepted, the same as the core's
 * `Progress.maxDepth`: real servers nest two levels, and the limit only has to
 * be far above that and far below a stack overflow.
 */
export const maxDepth = 32

/** The message of a tree nesting deeper than {@link maxDepth}. */
export const tooDeepMessage = `progress steps nest deeper than the limit of ${maxDepth} levels`

interface Visit {
  readonly node: unknown
  readonly depth: number
  /** How this node was reached, to name the offending place in the issue. */
  readonly from?: { readonly parent: Visit; readonly index: number }
}

/**
 * Where a tree nests past {@link maxDepth}: the path to the first child list
 * found that holds a node one level too deep, or `undefined`. The root is level
 * 1; a node at the last level may have an empty child list, as in the core.
 * Iterative, so that any depth is measured without recursion. Values that are
 * not nodes or lists are skipped here: the schema reports them.
 */
const tooDeepAt = (root: unknown, childKey: string): Array<string | number> | undefined => {
  const pending: Array<Visit> = [{ node: root, depth: 1 }]
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    const { node, depth } = visit
    if (typeof node !== "object" || node === null) continue
    const children: unknown = (node as Record<string, unknown>)[childKey]
    if (!Array.isArray(children) || children.length === 0) continue
    if (depth >= maxDepth) {
      const path: Array<string | number> = [childKey]
      for (let at = visit; at.from !== undefined; at = at.from.parent) path.unshift(childKey, at.from.index)
      return path
    }
    children.forEach((child, index) => {
      pending.push({ node: child, depth: depth + 1, from: { parent: visit, index } })
    })
  }
  return undefined
}

/**
 * A recursive tree schema with the core's depth limit: `node` checks one node
 * and, through `childKey`, its children. The depth is measured before `node`
 * recurses, so nesting past {@link maxDepth} is an issue at the offending child
 * list, and no input can overflow the stack. The result's `out` is `node`.
 */
export const boundedTree = <Node>(
  node: z.ZodType<Node, Node>,
  childKey: string
): z.ZodPreprocess<z.ZodType<Node, Node>, Node> =>
  z.preprocess((tree: Node, context) => {
    const path = tooDeepAt(tree, childKey)
    if (path !== undefined) context.addIssue({ code: "custom", message: tooDeepMessage, path, input: tree })
    return tree
  }, node)
