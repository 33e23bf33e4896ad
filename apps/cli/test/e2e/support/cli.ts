/**
 * Runs the built `jobscope` as a person would: a child process with pipes
 * (not a terminal), or under util-linux `script`, which gives it a terminal.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import { inject, onTestFinished } from "vitest"

/** How a run of the command ended, and everything it wrote. */
export interface Ran {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** The environment of a run: this process's, without anything that would change the output, plus `extra`. */
export const environment = (extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !name.startsWith("JOBSCOPE_") && name !== "NO_COLOR" && name !== "FORCE_COLOR" && name !== "TERM"
    )
  ),
  ...extra
})

/** A running `jobscope`: its process, what it wrote so far, and how it ends. */
export interface Running {
  readonly child: ChildProcess
  readonly stdout: () => string
  readonly ended: Promise<Ran>
  /**
   * Resolves once stdout holds `text` (or matches it); rejects, with what was
   * written, if the command ends first or `timeout` milliseconds pass (default: 30 s).
   */
  readonly waitFor: (text: string | RegExp, timeout?: number) => Promise<void>
}

const holds = (stdout: string, text: string | RegExp): boolean =>
  typeof text === "string" ? stdout.includes(text) : text.test(stdout)

const collect = (child: ChildProcess): Running => {
  let stdout = ""
  let stderr = ""
  let ran: Ran | undefined
  const waiting = new Set<() => void>()
  const check = () => {
    for (const wait of [...waiting]) wait()
  }
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk
    check()
  })
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk
  })
  const ended = new Promise<Ran>((resolve) => {
    child.on("close", (code, signal) => {
      ran = { code, signal, stdout, stderr }
      check()
      resolve(ran)
    })
  })
  // However a test ends, it leaves no command running behind it.
  onTestFinished(() => {
    if (ran === undefined) child.kill("SIGKILL")
  })
  return {
    child,
    stdout: () => stdout,
    ended,
    waitFor: (text, timeout = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(wait)
          reject(new Error(`jobscope wrote no ${String(text)} within ${timeout} ms:\n${stdout}\n${stderr}`))
        }, timeout)
        const wait = () => {
          if (!holds(stdout, text) && ran === undefined) return
          waiting.delete(wait)
          clearTimeout(timer)
          if (holds(stdout, text)) resolve()
          else
            reject(
              new Error(
                `jobscope ended (${ran?.code ?? ran?.signal}) before writing ${String(text)}:\n${stdout}\n${stderr}`
              )
            )
        }
        waiting.add(wait)
        wait()
      })
  }
}

/** Starts `jobscope args` with pipes for its output. */
export const start = (args: ReadonlyArray<string>, env: NodeJS.ProcessEnv = environment()): Running =>
  collect(
    spawn(process.execPath, [inject("jobscopeBin"), ...args], { env, stdio: ["ignore", "pipe", "pipe"] })
  )

/** Runs `jobscope args` with pipes for its output, to its end. */
export const run = (args: ReadonlyArray<string>, env?: NodeJS.ProcessEnv): Promise<Ran> =>
  start(args, env).ended

const quote = (word: string): string => `'${word.replaceAll("'", `'"'"'`)}'`

const scriptPath = "/usr/bin/script"

/**
 * Runs `jobscope args` in a terminal of `columns` × `rows` (util-linux
 * `script`); its stdout and stderr both arrive as `stdout`. Without
 * util-linux `script` it throws, saying what to install: the terminal tests
 * fail there, they never skip.
 */
export const runInTerminal = (
  args: ReadonlyArray<string>,
  env: NodeJS.ProcessEnv = environment(),
  size: { readonly columns: number; readonly rows: number } = { columns: 100, rows: 60 }
): Promise<Ran> => {
  if (spawnSync(scriptPath, ["--version"]).status !== 0)
    throw new Error(
      `the terminal tests need util-linux's script at ${scriptPath} (Debian: apt-get install bsdutils)`
    )
  const command = [process.execPath, inject("jobscopeBin"), ...args].map(quote).join(" ")
  return collect(
    spawn(
      scriptPath,
      ["-qfec", `stty rows ${size.rows} cols ${size.columns}; exec ${command}`, "/dev/null"],
      // A terminal that says what it is, as a person's does (TERM=dumb would turn colour off).
      { env: { TERM: "xterm-256color", ...env }, stdio: ["ignore", "pipe", "pipe"] }
    )
  ).ended
}

const esc = String.fromCharCode(0x1b)
const csi = String.fromCharCode(0x9b)

/**
 * Every escape sequence in `text`, each as written: ESC or CSI, then
 * parameters, then the final letter (ESC[?25l, ESC[3F, ESC[32m …).
 */
export const escapes = (text: string): ReadonlyArray<string> => {
  const found: Array<string> = []
  for (let at = 0; at < text.length; at++) {
    if (text[at] !== esc && text[at] !== csi) continue
    let end = at + 1
    while (end < text.length && /[[\]()#;?0-9]/.test(text[end]!)) end++
    if (end < text.length && /[A-Za-z@`]/.test(text[end]!)) end++
    found.push(text.slice(at, end))
    at = end - 1
  }
  return found
}

/** `text` without its escape sequences: what a terminal would show of it. */
export const visible = (text: string): string => {
  let shown = text
  for (const sequence of escapes(text)) shown = shown.replace(sequence, "")
  return shown
}

/** The escapes that set a foreground colour (SGR 30–39, 90–97). */
export const colours = (text: string): ReadonlyArray<string> =>
  escapes(text).filter((sequence) => /^.\[(3[0-9]|9[0-7])m$/.test(sequence))

/** How many times the view moved up over its previous frame and cleared below it (ESC[nF then ESC[J). */
export const redraws = (text: string): number => {
  const sequence = escapes(text)
  return sequence.filter((one, index) => /^.\[\d+F$/.test(one) && sequence[index + 1] === `${esc}[J`).length
}

/** Hides and shows the cursor. */
export const cursor = { hide: `${esc}[?25l`, show: `${esc}[?25h` } as const

/** Clears from the cursor down. */
export const clearBelow = `${esc}[J`
