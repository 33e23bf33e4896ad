import { describe, expect, it } from "@effect/vitest"
import { Renderer } from "@jobscope/core"
import { Html, Legacy } from "@jobscope/html"
import { cases, snapshotOf } from "./cases.js"
import { parse } from "./parsed.js"
import { statusCheck } from "./statusCheckBaseline.js"

/** What statusCheck.js is given besides the reply: the products asked about, and those whose progress was. */
const pageState = (request: unknown) => {
  const { what, whatProg } = request as { what: string; whatProg?: string }
  const showProg = Object.fromEntries((whatProg ?? "").split(",").map((product) => [product, true]))
  return { what: what.split(","), showProg }
}

const legacy = (snapshot: Parameters<typeof Html.render>[0]) => Html.render(snapshot, { mode: "legacy" })

const reply = (products: Record<string, unknown>) => ({ OK: 1, JobID: 9, ...products })

const running = (progress: Record<string, unknown>) => ({ statusCode: 3, statusText: "Running", progress })

describe("legacy mode against the statusCheck.js port", () => {
  const seeds = cases.filter((each) => each.name.startsWith("ukssdc-") && each.request !== undefined)

  it("has an oracle for each of the seed's four status examples", () => {
    expect(seeds.map((each) => each.name)).toEqual([
      "ukssdc-status-basic",
      "ukssdc-status-complex",
      "ukssdc-status-full",
      "ukssdc-status-nonexistent-products"
    ])
  })

  for (const { name, input, request, snapshot } of seeds) {
    it(`writes what statusCheck.js writes for ${name}`, () => {
      const { what, showProg } = pageState(request)
      expect(legacy(snapshot)).toBe(statusCheck(input, what, showProg))
    })
  }

  it("shows a numeric-string status code's progress, as parseInt does", () => {
    const input = reply({
      spec: {
        ...running({
          GotProgress: 1,
          TimeRunning: "01:02:03",
          ProgressSteps: [{ StepLabel: "Go.", StepStatus: 1 }]
        }),
        statusCode: "2"
      }
    })
    expect(legacy(snapshotOf("ukssdc-string-code", input))).toBe(statusCheck(input, ["spec"], { spec: true }))
    expect(legacy(snapshotOf("ukssdc-string-code", input))).toContain(
      "<p>The job has been running for 01:02:03 so far.</p>"
    )
  })

  it("shows no progress for codes outside 1–3, even when steps came (complete, waiting, cancelled)", () => {
    for (const statusCode of [4, 5, -4]) {
      const input = reply({
        xastrom: {
          statusCode,
          statusText: "x",
          progress: { GotProgress: 1, ProgressSteps: [{ StepLabel: "Go.", StepStatus: 2 }] }
        }
      })
      expect(legacy(snapshotOf("ukssdc-done", input))).toBe("xastrom status: <code>x</code>. ")
    }
  })

  it("escapes what the page wrote raw, where the port lets the markup through", () => {
    const input = reply({
      lc: running({
        GotProgress: 1,
        TimeRunning: "00:00:01",
        PreProgress: `Using <em>v</em> <img src=x onerror=alert(1)>`,
        ProgressSteps: [
          {
            StepLabel: "<script>alert(1)</script>",
            StepStatus: 1,
            StepExtra: "a & b",
            SubStep: [{ StepLabel: "x' onclick='y", StepStatus: 0 }]
          }
        ]
      })
    })
    const oracle = statusCheck(input, ["lc"], { lc: true })
    const ours = legacy(snapshotOf("ukssdc-hostile", input))
    expect(parse(oracle).elements.map((element) => element.name)).toContain("script")
    expect(parse(oracle).elements.map((element) => element.name)).toContain("img")
    expect(ours).toBe(
      "lc status: <code>Running</code>. <p>Using <em>v</em> &lt;img src=x onerror=alert(1)&gt;</p>" +
        "<ul title='Steps in the lc creation'><li><strong>&lt;script&gt;alert(1)&lt;/script&gt; <span style='color:blue'>ACTIVE</span>&#8212; a &amp; b</strong>" +
        "<ul title='Steps in the &lt;script&gt;alert(1)&lt;/script&gt; creation'><li>x&#39; onclick=&#39;y</li></ul></li></ul>" +
        "<p>The job has been running for 00:00:01 so far.</p>\n"
    )
    const parsed = parse(ours)
    expect(parsed.elements.map((element) => element.name)).toEqual([
      "code",
      "p",
      "em",
      "ul",
      "li",
      "strong",
      "span",
      "ul",
      "li",
      "p"
    ])
    expect(parsed.elements[7]!.attributes).toEqual({
      title: "Steps in the <script>alert(1)</script> creation"
    })
  })

  it("leaves out what statusCheck.js would write as 'undefined' when progress was asked for but not reported", () => {
    const input = reply({ sourceDet: running({ GotProgress: 2 }) })
    expect(statusCheck(input, ["sourceDet"], { sourceDet: true })).toContain("running for undefined")
    expect(legacy(snapshotOf("ukssdc-unavailable", input))).toBe("sourceDet status: <code>Running</code>. ")
  })
})

describe("Legacy.handlers", () => {
  it("can be extended one handler at a time", () => {
    const quiet = Renderer.make(Renderer.extend(Legacy.handlers, { elapsed: () => "" }), Html.defaults)
    const [complex] = cases.filter((each) => each.name === "ukssdc-status-complex")
    const html = quiet(complex!.snapshot)
    expect(html).not.toContain("running for")
    expect(html).toBe(
      legacy(complex!.snapshot).replace(/<p>The job has been running for [\d:]+ so far\.<\/p>\n/g, "")
    )
  })
})
