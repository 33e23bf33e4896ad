/**
 * Runs the example a package's README opens with, as a reader would paste it,
 * and returns what it printed, so that each package's README test only says
 * what the example must print. Every package README starts with such an example.
 */
import { mkdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

/** A README's opening example and what running it printed. */
export interface ReadmeRun {
  /** The whole README. */
  readonly readme: string
  /** The code of the opening ```ts block. */
  readonly example: string
  /** The arguments of each `console.log` call the example made, in order. */
  readonly logged: ReadonlyArray<ReadonlyArray<unknown>>
}

/** How to run the example. */
export interface ReadmeOptions {
  /** Text replacements made before running, e.g. a package name for its sources (default: none). */
  readonly replace?: ReadonlyArray<readonly [string, string]>
}

/** The code of the ```ts block a README opens with (right under its title), or `undefined`. */
export const openingExample = (readme: string): string | undefined =>
  /^# [^\n]+\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1]

/**
 * Runs the opening ```ts example of the README in `packageDirectory` (a URL such
 * as `new URL("../", import.meta.url)`) from a scratch folder inside the package,
 * capturing `console.log`. Throws when the README does not open with one.
 */
export const runReadmeExample = async (
  packageDirectory: URL,
  options: ReadmeOptions = {}
): Promise<ReadmeRun> => {
  const readme = readFileSync(fileURLToPath(new URL("README.md", packageDirectory)), "utf8")
  const example = openingExample(readme)
  if (example === undefined) throw new Error("the README must open with a ```ts example")
  const code = (options.replace ?? []).reduce((text, [from, to]) => text.replaceAll(from, to), example)
  return { readme, example, logged: await run(packageDirectory, code) }
}

/**
 * Runs the first ```ts block under the `## heading` of the README in
 * `packageDirectory`, as {@link runReadmeExample} runs the opening one, and
 * returns what it printed. Throws when that section has no such block.
 */
export const runReadmeSection = async (
  packageDirectory: URL,
  heading: string
): Promise<ReadonlyArray<ReadonlyArray<unknown>>> => {
  const readme = readFileSync(fileURLToPath(new URL("README.md", packageDirectory)), "utf8")
  const start = readme.indexOf(`\n## ${heading}\n`)
  const code = start === -1 ? undefined : /```ts\n([\s\S]*?)```/.exec(readme.slice(start))?.[1]
  if (code === undefined) throw new Error(`the README has no \`\`\`ts example under "## ${heading}"`)
  return run(packageDirectory, code)
}

/** Runs code from a scratch folder inside the package, capturing `console.log`. */
const run = async (packageDirectory: URL, code: string): Promise<ReadonlyArray<ReadonlyArray<unknown>>> => {
  const scratch = fileURLToPath(new URL(".readme-example/", packageDirectory))
  mkdirSync(scratch, { recursive: true })
  const file = `${scratch}example-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.ts`
  writeFileSync(file, code)
  const logged: Array<ReadonlyArray<unknown>> = []
  const log = console.log
  console.log = (...args: Array<unknown>) => {
    logged.push(args)
  }
  try {
    await import(file)
  } finally {
    console.log = log
    rmSync(file, { force: true })
    // The folder goes once empty; another example still running in it keeps it.
    try {
      rmdirSync(scratch)
    } catch {}
  }
  return logged
}
