/**
 * Whether a host is this machine: where a jobscope simulator can be (and
 * `--speed` is allowed), and where nothing answering means one is not running.
 */

/** Whether `host` (a URL's hostname, no port) is a loopback address or `localhost`. */
export const isLoopback = (host: string): boolean =>
  host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
