import { describe, expect, it } from "@effect/vitest"
import { DecodeError } from "@jobscope/core"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"

const failure = <A>(result: Result.Result<A, DecodeError.DecodeError>): string => {
  if (Result.isSuccess(result)) throw new Error(`expected a failure, got ${JSON.stringify(result.success)}`)
  return result.failure.message
}

/** Enough of an XML parser for one empty element with attributes, as a third party might plug in its own. */
const xml: DecodeError.BodyFormat = {
  name: "XML",
  parse: (text) => {
    const match = /^\s*(?:<\?xml[^>]*\?>\s*)?<([\w:]+)((?:\s+[\w:]+="[^"]*")*)\s*\/>\s*$/.exec(text)
    if (match === null) throw new Error("expected one empty element")
    const attributes = [...match[2]!.matchAll(/([\w:]+)="([^"]*)"/g)].map(([, name, value]) => [name, value])
    return { element: match[1], ...Object.fromEntries(attributes) }
  }
}

const UwsJob = Schema.Struct({
  element: Schema.Literal("uws:job"),
  phase: Schema.Literals(["QUEUED", "EXECUTING", "COMPLETED"])
})
const decodeXml = DecodeError.decodeBody(UwsJob, "UWS job", xml)
const decodeJson = DecodeError.decodeJson(Schema.Struct({ OK: Schema.Literal(1) }), "UKSSDC status reply")

const errorPage =
  "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"

describe("DecodeError.decodeBody", () => {
  it("decodes a body in the format it is given", () => {
    const body = '<?xml version="1.0"?>\n<uws:job phase="EXECUTING"/>'
    expect(decodeXml(body)).toEqual(Result.succeed({ element: "uws:job", phase: "EXECUTING" }))
  })

  it("names an HTML page where XML was expected as an HTML page, quoting its text", () => {
    expect(failure(decodeXml(errorPage))).toBe(
      'UWS job: an HTML page came instead of XML: "502 Bad Gateway Bad Gateway"'
    )
  })

  it("hands an XML document to the parser even when it holds a title or a body below its root", () => {
    const atom = '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Jobs</title></feed>'
    const parsed: Array<string> = []
    const recording = DecodeError.decodeBody(Schema.String, "job feed", {
      name: "XML",
      parse: (text) => {
        parsed.push(text)
        return "parsed"
      }
    })
    expect(recording(atom)).toEqual(Result.succeed("parsed"))
    expect(parsed).toEqual([atom])
    // An XHTML page is still a page, whatever comes before its root.
    expect(failure(recording('<?xml version="1.0"?>\n<!-- error --><html><body>Busy</body></html>'))).toBe(
      'job feed: an HTML page came instead of XML: "Busy"'
    )
  })

  it("names JSON where XML was expected", () => {
    expect(failure(decodeXml('  {"phase": "EXECUTING"}'))).toBe(
      'UWS job: JSON came instead of XML: "{\\"phase\\": \\"EXECUTING\\"}"'
    )
  })

  it("says why a body is not valid in its format", () => {
    expect(failure(decodeXml('<uws:job phase="EXECUTING">'))).toBe(
      'UWS job: not valid XML (expected one empty element): "<uws:job phase=\\"EXECUTING\\">"'
    )
    expect(failure(decodeXml(" \n"))).toBe("UWS job: the body was empty, not XML")
  })

  it("names where a parsed body has the wrong shape", () => {
    expect(failure(decodeXml('<uws:job phase="ARCHIVED"/>'))).toMatch(/^UWS job: at phase: expected /)
  })
})

describe("DecodeError.decodeJson", () => {
  it("names an XML document where JSON was expected as XML, not as an HTML page", () => {
    const uws =
      '<?xml version="1.0"?>\n<uws:job xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0"><uws:phase>EXECUTING</uws:phase></uws:job>'
    expect(failure(decodeJson(uws))).toBe(
      'UKSSDC status reply: an XML document came instead of JSON: "EXECUTING"'
    )
  })

  it("still names an HTML error page as one", () => {
    expect(failure(decodeJson(errorPage))).toBe(
      'UKSSDC status reply: an HTML page came instead of JSON: "502 Bad Gateway Bad Gateway"'
    )
  })

  it("names PHP's warnings as HTML, not XML", () => {
    const warning =
      '<br />\n<b>Warning</b>:  Undefined variable $job in <b>/var/www/status.php</b><br />\n{"OK":1}'
    expect(failure(decodeJson(warning))).toMatch(
      /^UKSSDC status reply: an HTML page came instead of JSON: "Warning : Undefined variable \$job/
    )
  })

  it("says why text is not JSON, and that an empty body is empty", () => {
    expect(failure(decodeJson('{"OK": 1'))).toMatch(
      /^UKSSDC status reply: not valid JSON \(.+\): "\{\\"OK\\": 1"$/
    )
    expect(failure(decodeJson(""))).toBe("UKSSDC status reply: the body was empty, not JSON")
    expect(decodeJson('{"OK": 1}')).toEqual(Result.succeed({ OK: 1 }))
  })
})
