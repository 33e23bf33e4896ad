/**
 * Compiles the decoders of the replies a watcher decodes on every poll with
 * Effect's JIT compiler: a UKSSDC status reply decodes about 1.5× as fast.
 *
 * In Node, `import "@jobscope/core"` does this by itself (the `node` export
 * condition). Browser builds leave it out by default: it adds about 7 KB
 * (min+gzip) and needs `new Function`, which a strict Content-Security-Policy
 * forbids; where it is forbidden, decoding falls back to interpreting.
 *
 * @example
 * ```ts
 * import { enable } from "@jobscope/core/jit"
 * enable() // before the first decode
 * ```
 */
import * as SchemaJITCompiler from "effect/schema/SchemaJITCompiler"
import { StatusResponse } from "./ukssdc/Status.js"

/** Turns on compiled decoding for the core's hot schemas; decoders made earlier keep theirs. */
export const enable = (): void => {
  SchemaJITCompiler.enable(StatusResponse.ast)
}
