import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { describe, expect, it } from "@effect/vitest"
import { Uws, Xml } from "@jobscope/uws"
import * as Result from "effect/Result"
import { onTestFinished } from "vitest"

/** The decode error's message for a hostile document, which must be a DecodeError. */
const refusal = (text: string): string => {
  const decoded = Uws.decodeJob(text)
  if (Result.isSuccess(decoded)) throw new Error("a hostile document decoded")
  expect(decoded.failure._tag).toBe("DecodeError")
  return decoded.failure.message
}

/**
 * How much the heap grew while `run` ran. Nothing is collected in between,
 * so what a decoder allocated and dropped counts too: a copy of the input,
 * an expanded entity, a tree of 100,000 elements would each show.
 */
const heapGrowth = (run: () => void): number => {
  const before = process.memoryUsage().heapUsed
  run()
  return process.memoryUsage().heapUsed - before
}

const mib = 1024 * 1024

const job = (inner: string) =>
  `<uws:job xmlns:uws="${Uws.namespace}"><uws:jobId>j</uws:jobId><uws:phase>PENDING</uws:phase>${inner}</uws:job>`

describe("Xml.parse", () => {
  it("resolves namespaces, whatever the prefix, and keys namespaced attributes in Clark notation", () => {
    const root = Xml.parse(
      '<a:r xmlns:a="urn:a" xmlns:l="http://www.w3.org/1999/xlink"><a:c l:href="x" plain="y">t<![CDATA[<u>]]></a:c></a:r>'
    )
    expect(root).toEqual({
      name: "r",
      namespace: "urn:a",
      attributes: {},
      text: "",
      children: [
        {
          name: "c",
          namespace: "urn:a",
          attributes: { "{http://www.w3.org/1999/xlink}href": "x", plain: "y" },
          text: "t<u>",
          children: []
        }
      ]
    })
  })

  it("refuses more elements than the limit", () => {
    expect(() => Xml.parse(`<a>${"<b/>".repeat(11)}</a>`, { maxElements: 10 })).toThrow(
      "more than 10 elements"
    )
  })
})

describe("hostile XML", () => {
  it('"billion laughs" entity expansion is refused at its DOCTYPE: nothing is expanded', () => {
    const lol = [
      '<?xml version="1.0"?>',
      "<!DOCTYPE lolz [",
      '<!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level === 0 ? "" : level};`.repeat(10)}">`
      ),
      "]>",
      job("<uws:runId>&lol9;</uws:runId>")
    ].join("\n")
    let message = ""
    expect(heapGrowth(() => (message = refusal(lol)))).toBeLessThan(16 * mib)
    expect(message).toContain("a DOCTYPE is not allowed")
  })

  it("external entities (file:// and http://) are refused and never fetched", async () => {
    let requests = 0
    const server = createServer((_, response) => {
      requests += 1
      response.end("secret")
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())))
    const { port } = server.address() as AddressInfo
    for (const system of ["file:///etc/passwd", `http://127.0.0.1:${port}/secret`]) {
      const message = refusal(
        `<?xml version="1.0"?><!DOCTYPE job [<!ENTITY xxe SYSTEM "${system}">]>${job("<uws:ownerId>&xxe;</uws:ownerId>")}`
      )
      expect(message).toContain("a DOCTYPE is not allowed")
      expect(message).not.toContain("root:")
    }
    // A parameter entity, and an entity used without any DOCTYPE, fare no better.
    expect(
      refusal(`<!DOCTYPE job [<!ENTITY % p SYSTEM "http://127.0.0.1:${port}/p"> %p;]>${job("")}`)
    ).toContain("DOCTYPE")
    expect(refusal(job("<uws:ownerId>&xxe;</uws:ownerId>"))).toContain("not valid XML")
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(requests).toBe(0)
  })

  it("100,000-deep nesting is refused at the depth limit, without building the tree", () => {
    const depth = 100_000
    const deep = job(`<uws:jobInfo>${"<a>".repeat(depth)}${"</a>".repeat(depth)}</uws:jobInfo>`)
    let message = ""
    expect(heapGrowth(() => (message = refusal(deep)))).toBeLessThan(16 * mib)
    expect(message).toContain("elements nested more than 64 deep")
  })

  it("a 50 MB document is refused before it is parsed", () => {
    const huge = job(`<uws:jobInfo>${"<x>padding</x>".repeat((50 * 1000 * 1000) / 14)}</uws:jobInfo>`)
    expect(huge.length).toBeGreaterThan(50 * 1000 * 1000)
    let message = ""
    expect(heapGrowth(() => (message = refusal(huge)))).toBeLessThan(16 * mib)
    expect(message).toMatch(
      /the document is 50\.0 million characters long, over the limit of 4\.2 million characters/
    )
  })

  it("a document just under the limits still decodes", () => {
    const nested = `${"<a>".repeat(60)}${"</a>".repeat(60)}`
    const decoded = Uws.decodeJob(job(`<uws:jobInfo>${nested}</uws:jobInfo>`))
    expect(Result.isSuccess(decoded)).toBe(true)
  })
})
