/**
 * The entry Node resolves `@jobscope/core` to: the same exports as the
 * browser entry, with compiled decoding turned on (see `Jit.ts`).
 */
import { enable } from "./Jit.js"

export * from "./index.js"

enable()
