/**
 * Runs the built `jobscope` as a person would: a child process with pipes
 * (not a terminal), or under util-linux `script`, which gives it a terminal.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import { inject } from "vitest"

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
      ([name]) => !name.startsWith("JOBSCOPE_") && name !== "NO_COLOR" && name !== "FORCE_COLOR"
    )
  ),
  ...extra
})

/** A running `jobscope`: its process, what it wrote so far, and how it ends. */
export interface Running {
  readonly child: ChildProcess
  readonly stdout: () => string
  readonly ended: Promise<Ran>
  /** Resolves once stdout holds `text`; rejects if the command ends first. */
  readonly waitFor: (text: string) => Promise<void>
}

const collect = (child: ChildProcess): Running => {
  let stdout = ""
  let stderr = ""
  const waiting: Array<{ text: string; resolve: () => void; reject: (error: Error) => void }> = []
  const check = () => {
    for (const wait of [...waiting])
      if (stdout.includes(wait.text)) {
        waiting.splice(waiting.indexOf(wait), 1)
        wait.resolve()
      }
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
      for (const wait of waiting.splice(0))
        wait.reject(
          new Error(`jobscope ended (${code ?? signal}) before writing "${wait.text}":\n${stdout}\n${stderr}`)
        )
      resolve({ code, signal, stdout, stderr })
    })
  })
  return {
    child,
    stdout: () => stdout,
    ended,
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        waiting.push({ text, resolve, reject })
        check()
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
 * `script`); its stdout and stderr both arrive as `stdout`.
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
      {
        env,
        stdio: ["ignore", "pipe", "pipe"]
      }
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
