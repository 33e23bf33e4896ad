/**
 * A deliberately hostile HTTP server on 127.0.0.1, on raw TCP (`node:net`)
 * so that it can send what no well-behaved server library would: any status
 * line (600, 999, 101), any header (a Retry-After of 400 digits, a
 * content-length of 700 MB), a body that never ends or trickles a byte at a
 * time. Each request (one per connection) is handed to `respond`, which
 * writes whatever it likes to the socket. Every loop is bounded: a body
 * stops at its byte budget or when the client goes away.
 *
 * Used by the fetch suite and, by path, by the command's e2e suite.
 */
import * as net from "node:net"

/** A request as the server read it. */
export interface Request {
  readonly method: string
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** How a request is answered: by writing to the socket, then (or later) ending it. */
export type Respond = (request: Request, socket: net.Socket, server: Hostile) => void

/** A listening hostile server. */
export interface Hostile {
  readonly url: string
  readonly port: number
  /** Every request so far, in order. */
  readonly requests: ReadonlyArray<Request>
  /** Bytes of body written so far, over all connections (for the endless-body cases). */
  readonly sent: () => number
  /** Counts body bytes written by the helpers below. */
  readonly count: (bytes: number) => void
  readonly close: () => Promise<void>
}

const parse = (head: string, body: string): Request => {
  const [start = "", ...lines] = head.split("\r\n")
  const [method = "", path = ""] = start.split(" ")
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(":")
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  return { method, path, headers, body }
}

/** Starts a hostile server whose every request is answered by `respond`. */
export const listen = (respond: Respond): Promise<Hostile> => {
  const requests: Array<Request> = []
  const sockets = new Set<net.Socket>()
  let sent = 0
  let self: Hostile | undefined
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
    socket.on("error", () => {})
    let buffer = Buffer.alloc(0)
    let answered = false
    socket.on("data", (chunk: Buffer) => {
      if (answered) return
      buffer = Buffer.concat([buffer, chunk])
      const end = buffer.indexOf("\r\n\r\n")
      if (end === -1) return
      const head = buffer.subarray(0, end).toString("latin1")
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0)
      if (buffer.length < end + 4 + length) return
      answered = true
      const request = parse(head, buffer.subarray(end + 4, end + 4 + length).toString("utf8"))
      requests.push(request)
      if (self !== undefined) respond(request, socket, self)
    })
  })
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port
      self = {
        url: `http://127.0.0.1:${port}`,
        port,
        requests,
        sent: () => sent,
        count: (bytes) => {
          sent += bytes
        },
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          })
      }
      resolve(self)
    })
  })
}

/** A whole reply: the status line as given (e.g. "HTTP/1.1 999 Whatever"), headers, body; then the socket ends. */
export const reply = (
  socket: net.Socket,
  statusLine: string,
  headers: Readonly<Record<string, string>>,
  body = ""
): void => {
  const bytes = Buffer.from(body, "utf8")
  const all = { "content-length": String(bytes.length), connection: "close", ...headers }
  socket.end(
    Buffer.concat([
      Buffer.from(
        `${statusLine}\r\n${Object.entries(all)
          .map(([name, value]) => `${name}: ${value}`)
          .join("\r\n")}\r\n\r\n`,
        "latin1"
      ),
      bytes
    ])
  )
}

/** A JSON reply with status 200. */
export const json = (socket: net.Socket, value: unknown, headers: Readonly<Record<string, string>> = {}) =>
  reply(socket, "HTTP/1.1 200 OK", { "content-type": "application/json", ...headers }, JSON.stringify(value))

/**
 * A chunked body that goes on until `budget` bytes are written or the client
 * hangs up, as fast as the client reads (writes wait for the socket to drain).
 * With `statusLine` "", only the chunks: the caller wrote the head.
 */
export const endless = (
  server: Hostile,
  socket: net.Socket,
  budget: number,
  statusLine = "HTTP/1.1 200 OK"
) => {
  // An empty status line continues a reply whose head the caller wrote.
  if (statusLine !== "")
    socket.write(`${statusLine}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n`)
  const piece = Buffer.alloc(64 * 1024, 0x20)
  const chunk = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")])
  let written = 0
  const pump = () => {
    while (!socket.destroyed && written < budget) {
      written += piece.length
      server.count(piece.length)
      if (!socket.write(chunk)) return void socket.once("drain", pump)
    }
    if (!socket.destroyed) socket.end("0\r\n\r\n")
  }
  pump()
}

/** Headers, then a body that announces `length` bytes and sends a little of it, then waits until the client gives up. */
export const announce = (socket: net.Socket, length: number) => {
  socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n{"a":"`)
}

/** Headers, then one byte every `every` ms until `bytes` are sent or the client hangs up. */
export const trickle = (socket: net.Socket, bytes: number, every: number) => {
  socket.write("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
  let left = bytes
  const timer = setInterval(() => {
    if (socket.destroyed || left-- <= 0) {
      clearInterval(timer)
      if (!socket.destroyed) socket.end("0\r\n\r\n")
      return
    }
    socket.write("1\r\n \r\n")
  }, every)
  socket.on("close", () => clearInterval(timer))
}
