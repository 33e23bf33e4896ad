/**
 * A UKSSDC watch of some products follows only those: a server that answers
 * about a product not asked for (a `psf` added to a `--products lc,spec`
 * watch) must not keep the watch waiting for it.
 */
import type { Job } from "@jobscope/core"

/** The snapshot with only the tasks of `products`; the snapshot itself when every product is followed. */
export const only = (products: ReadonlyArray<string> | undefined, snapshot: Job.Snapshot): Job.Snapshot =>
  products === undefined || snapshot.tasks.every((task) => products.includes(task.id))
    ? snapshot
    : { ...snapshot, tasks: snapshot.tasks.filter((task) => products.includes(task.id)) }
