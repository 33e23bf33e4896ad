/**
 * Following a UWS job (a TAP async query's too) from the page: reads the job
 * once and makes it followable, with UWS 1.1 blocking `WAIT` when the service
 * speaks 1.1 (one request held open per phase change costs a browser one of
 * its connections, nothing more), else polite polling. The page imports this
 * module only when a UWS job is followed (`import("./UwsFollow.js")`), so the
 * XML decoding it brings (`@jobscope/uws` on saxes, with its limits: no
 * DOCTYPE, no entity expansion, bounded size and depth) is a chunk of its
 * own that a UKSSDC, TOO or TOM watch never downloads.
 */
import type { Client } from "@jobscope/fetch"
import { UwsJob } from "@jobscope/uws"

/** The UWS job at `url`, read once and ready to follow with `client.watch`. */
export const open = (client: Client, url: string, signal: AbortSignal): Promise<UwsJob.UwsJob> =>
  client.run(UwsJob.open(url), { signal })
