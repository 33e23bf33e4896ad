import * as Schema from "effect/Schema"

/**
 * The deepest step nesting any decoder accepts. Real servers nest at most two
 * levels; the limit only has to be far above that and far below a stack overflow.
 */
export const maxDepth = 32

/** The failure a decoder reports for nesting deeper than {@link maxDepth}. */
export const tooDeepMessage = `progress steps nest deeper than the limit of ${maxDepth} levels`

/** What the innermost level accepts as its child list: nothing, or an empty list. */
const NoDeeper = Schema.Array(Schema.Unknown).check(
  Schema.makeFilter((children) => children.length === 0 || tooDeepMessage)
)

/**
 * Builds a recursive tree schema unrolled to {@link maxDepth} levels instead of
 * using `Schema.suspend`.
 *
 * Why: a finite schema can be compiled by Effect's JIT, which a suspended one
 * defeats (about twice the decode throughput on a real UKSSDC reply), and the
 * depth limit becomes an ordinary decode issue at the offending key rather than
 * a stack overflow. `level(children)` must build one node whose child list is
 * `children`; the innermost level receives a list schema that rejects any child.
 *
 * The returned schema is typed by the caller as the recursive codec it denotes.
 */
export const unroll = <Node, NodeEncoded>(
  level: (children: Schema.Top) => Schema.Top
): Schema.Codec<Node, NodeEncoded> => {
  let node = level(NoDeeper)
  for (let depth = 1; depth < maxDepth; depth++) node = level(Schema.Array(node))
  return node as unknown as Schema.Codec<Node, NodeEncoded>
}
