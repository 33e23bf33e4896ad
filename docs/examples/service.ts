import { createServer } from "node:http"
import { Webhook } from "@jobscope/service"

// A receiver of jobscope webhooks: check the signature over the raw body, drop repeats by delivery id.
const secret = "the-secret-you-gave-the-watch"
const seen = new Set<string>()
const receiver = createServer((request, response) => {
  let body = ""
  request.setEncoding("utf8").on("data", (chunk: string) => {
    body += chunk
  })
  request.on("end", async () => {
    const signature = request.headers["jobscope-signature"]
    const ok = await Webhook.verify({
      secret,
      signature: typeof signature === "string" ? signature : undefined,
      body
    })
    if (!ok) return response.writeHead(401).end()
    const delivery = String(request.headers["jobscope-delivery"])
    if (!seen.has(delivery)) {
      seen.add(delivery)
      const { seq, event } = JSON.parse(body) as { seq: number; event: { _tag: string } }
      console.log("event", seq, event._tag)
    }
    response.writeHead(204).end()
  })
})
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve))

// What the service sends (here by hand): the same delivery twice, then one signed with another secret.
const address = receiver.address()
const url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}/`
const body = JSON.stringify({
  watchId: "w_1",
  seq: 4,
  poll: 2,
  at: "2026-03-01T10:00:00.000Z",
  event: { _tag: "WatchEnded", outcome: "succeeded" }
})
const send = async (key: string) => {
  const signature = await Webhook.sign(key, Math.floor(Date.now() / 1000), body)
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "jobscope-signature": signature,
      "jobscope-delivery": "w_1.h1.4",
      "content-type": "application/json"
    },
    body
  })
  console.log("status", response.status)
}
await send(secret)
await send(secret)
await send("some-other-secret-entirely")
receiver.close()
