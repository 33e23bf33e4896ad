/**
 * Real headless Chromium for the page's tests, from the system (Debian's
 * `chromium` package) or `CHROMIUM_PATH`. Missing, it fails the tests with a
 * message saying how to install it: a browser test that skips proves nothing.
 */
import { existsSync } from "node:fs"
import { type Browser, chromium } from "playwright-core"

/** Where Chromium is looked for: `CHROMIUM_PATH`, else `/usr/bin/chromium`. */
export const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"

/**
 * Flags for a closed network: no QUIC, no background fetches, no component
 * updates, no sync, no first-run work, each of which can otherwise hang for long.
 */
export const args = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
]

/** Launches Chromium; throws, saying how to install it, when it is not there. */
export const launch = async (): Promise<Browser> => {
  if (!existsSync(executablePath))
    throw new Error(
      `the page's browser tests need Chromium at ${executablePath}: install it with \`apt-get install chromium\` (Debian, Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome executable`
    )
  return chromium.launch({ executablePath, args })
}
