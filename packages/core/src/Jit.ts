/**
 * Compiles the decoders of the replies a watcher decodes on every poll with
 * Effect's JIT compiler: UKSSDC and TOM status replies, and each known TOO
 * envelope (`Too.Envelope` hands each api_name to its own schema). A UKSSDC
 * status reply decodes about 1.5× as fast.
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
import { AsyncStatusResponse } from "./Tom.js"
import { AFST, AFSTEntry, Request, Resolve, Status, VisQuery, VisWindow } from "./too/Envelope.js"
import { StatusResponse } from "./ukssdc/Status.js"

/** Turns on compiled decoding for the core's hot schemas; decoders made earlier keep theirs. */
export const enable = (): void => {
  for (const schema of [
    StatusResponse,
    AsyncStatusResponse,
    Status,
    VisQuery,
    VisWindow,
    AFST,
    AFSTEntry,
    Resolve,
    Request
  ])
    SchemaJITCompiler.enable(schema.ast)
}
