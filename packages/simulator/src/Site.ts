/**
 * A directory served as a static site beside the simulated APIs, such as the
 * live status page of `@jobscope/web`: each file answers GET at its own path,
 * and an `index.html` also at its directory's (`/` for the top one).
 *
 * The directory is read once, at start, into one route per file, so a path
 * that names no file found then — `..` segments, encoded or not, included —
 * matches no route and gets the server's 404. Files are read when asked for,
 * so a changed file is served as it is now; a file added later needs a
 * restart. Dotfiles, anything a symbolic link puts outside the directory,
 * and a `_sim` directory (the simulator's own paths) are never served. The
 * site's routes are not API routes: faults leave them alone, and the request
 * counts and log do not see them.
 *
 * @example
 * ```ts
 * import * as Site from "./Site.js"
 *
 * const routes = await Site.routes("apps/web/dist") // GET /, /index.html, /assets/index-x1y2.js …
 * ```
 */
import { readdir, readFile, realpath, stat } from "node:fs/promises"
import { extname, isAbsolute, join, relative, resolve, sep } from "node:path"
import * as Schema from "effect/Schema"
import * as ErrorReply from "./internal/errorReply.js"
import * as Route from "./Route.js"

/** The name every route of a site has: the same for all its files, and no API's. */
export const routeName = "site"

/** Whether a route serves a file of a site. */
export const isSite = (route: Route.Route): boolean => route.name === routeName

/** The most files a site may have: a built site has a few; more means the wrong directory. */
export const maxFiles = 10_000

/** A directory that cannot be served: missing, not a directory, unreadable, or far too big. */
export class SiteError extends Schema.TaggedError<SiteError>()("SiteError", {
  /** The directory as it was given. */
  directory: Schema.String,
  message: Schema.String
}) {}

/** The `Content-Type` of each file extension a site serves; anything else is `application/octet-stream`. */
export const contentTypes: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2"
}

/** The `Content-Type` of a file, by its extension. */
export const contentType = (file: string): string =>
  contentTypes[extname(file).toLowerCase()] ?? "application/octet-stream"

/**
 * Whether a name can be served: not a dotfile (`.env`, `.git`), and
 * addressable by exactly one path, which a name with a backslash (a slash to
 * URL parsers) or a leading colon (a parameter to the server's patterns) is not.
 */
const servable = (name: string): boolean =>
  !name.startsWith(".") && !name.startsWith(":") && !name.includes("\\")

/** The simulator's own paths are its own: a site's directory of that name is not served. */
const adminDirectory = Route.adminPrefix.replaceAll("/", "")

/** Whether `path` is `root` or lies inside it. */
const inside = (root: string, path: string): boolean => {
  const rest = relative(root, path)
  return rest === "" || (rest.split(sep)[0] !== ".." && !isAbsolute(rest))
}

/**
 * The path a browser asks for to reach a file: each segment as the URL parser
 * writes it (a space as `%20`), with `%`, `#` and `?` encoded, as a link must.
 */
const pathOf = (segments: ReadonlyArray<string>): string =>
  new URL(segments.map((segment) => segment.replace(/[%#?]/g, encodeURIComponent)).join("/"), "http://site/")
    .pathname

/** A file found in the site: where it is on disk (as reached from the root) and its path segments. */
interface Found {
  readonly file: string
  readonly segments: ReadonlyArray<string>
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/**
 * Every servable file under `root` (a real path), each directory walked once
 * however many links reach it; links are followed only when their target is
 * inside `root`, and dangling ones are passed over.
 */
const walk = async (root: string, fail: (message: string) => SiteError): Promise<ReadonlyArray<Found>> => {
  const found: Array<Found> = []
  const walked = new Set<string>([root])
  const visit = async (directory: string, segments: ReadonlyArray<string>): Promise<void> => {
    const names = (await readdir(directory))
      .filter((name) => servable(name) && !(segments.length === 0 && name === adminDirectory))
      .sort()
    for (const name of names) {
      const target = await realpath(join(directory, name)).catch(() => undefined)
      if (target === undefined || !inside(root, target)) continue
      const info = await stat(target)
      if (info.isDirectory()) {
        if (walked.has(target)) continue
        walked.add(target)
        await visit(target, [...segments, name])
      } else if (info.isFile()) {
        found.push({ file: join(directory, name), segments: [...segments, name] })
        if (found.length > maxFiles)
          throw fail(
            `it has more than ${maxFiles} files; give the directory of a built site, such as apps/web/dist`
          )
      }
    }
  }
  await visit(root, [])
  return found
}

/** The real path of the site's directory, or why it cannot be served. */
const rootOf = async (directory: string, fail: (message: string) => SiteError): Promise<string> => {
  // An empty path would resolve to the working directory, which is never what was meant.
  if (directory === "") throw fail("give the path of a directory, such as apps/web/dist")
  let root: string
  try {
    root = await realpath(resolve(directory))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw fail(code === "ENOENT" ? "it does not exist" : `it cannot be read: ${messageOf(error)}`)
  }
  if (!(await stat(root)).isDirectory()) throw fail("it is not a directory")
  return root
}

/**
 * The routes serving `directory`: one GET route per file at its path, and one
 * per `index.html` at its directory's path with a trailing slash. HTML files
 * are sent with `Cache-Control: no-cache`, so a rebuilt page is seen at once.
 * Rejects with a {@link SiteError} when the directory cannot be served.
 */
export const routes = async (directory: string): Promise<ReadonlyArray<Route.Route>> => {
  const fail = (reason: string) =>
    new SiteError({ directory, message: `cannot serve the site ${JSON.stringify(directory)}: ${reason}` })
  const root = await rootOf(directory, fail)
  let found: ReadonlyArray<Found>
  try {
    found = await walk(root, fail)
  } catch (error) {
    throw error instanceof SiteError ? error : fail(messageOf(error))
  }
  return found.flatMap(({ file, segments }) => {
    const serve = (pattern: string): Route.Route => ({
      name: routeName,
      methods: ["GET"],
      pattern,
      handle: (request) => answer(root, file, request.path)
    })
    const path = pathOf(segments)
    return segments.at(-1) === "index.html"
      ? [serve(path), serve(pathOf([...segments.slice(0, -1), ""]))]
      : [serve(path)]
  })
}

/**
 * What a page of the site may do: run and style only its own files, ask only
 * its own origin (the simulator it is served by), be framed by nobody. Text a
 * server sent that slipped past escaping could still run nothing.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'"
].join("; ")

/** A file's reply, read now; a 404 as the server gives one when it is gone or has left the site since. */
const answer = async (root: string, file: string, path: string): Promise<Route.Reply> => {
  const notHere = ErrorReply.json(404, `there is no GET ${path} here`)
  const target = await realpath(file).catch(() => undefined)
  if (target === undefined || !inside(root, target)) return notHere
  const body = await readFile(target).catch(() => undefined)
  if (body === undefined) return notHere
  const type = contentType(file)
  return {
    status: 200,
    headers: {
      "Content-Type": type,
      "X-Content-Type-Options": "nosniff",
      ...(type.startsWith("text/html")
        ? { "Cache-Control": "no-cache", "Content-Security-Policy": contentSecurityPolicy }
        : {})
    },
    body
  }
}
