import { JobRef } from "@jobscope/fetch"
import * as Result from "effect/Result"
import { describe, expect, it } from "vitest"
import * as Form from "../src/Form.js"

const origin = "http://127.0.0.1:8080"
const query = (text: string) => new URLSearchParams(text)

/** The job a form asks for, failing the test when it names none. */
const anyJobOf = (form: Form.Form, from = origin) => {
  const job = Form.toJob(form, from)
  if (Result.isFailure(job)) throw new Error(`expected a job, got ${job.failure.message}`)
  return job.success
}

/** The job of a built-in API a form asks for, failing the test when it names none or a UWS job. */
const jobOf = (form: Form.Form, from = origin) => {
  const job = anyJobOf(form, from)
  if (Form.isUws(job)) throw new Error(`expected a job of ${form.api}, got the UWS job ${job.uws}`)
  return job
}

/** The problems a form has, failing the test when it has none. */
const problemsOf = (form: Form.Form, from = origin) => {
  const job = Form.toJob(form, from)
  if (Result.isSuccess(job)) throw new Error("expected the form to be refused")
  return job.failure.problems
}

describe("Form", () => {
  it("reads every field from the query string, trimmed, and watch only for watch=1", () => {
    expect(
      Form.fromQuery(
        query("api=ukssdc&job=+42+&user=me%40example.org&products=lc,spec&base=http://h:1&watch=1")
      )
    ).toEqual({
      ...Form.empty,
      job: "42",
      user: "me@example.org",
      products: "lc,spec",
      base: "http://h:1",
      watch: true
    })
    expect(Form.fromQuery(query("api=tom&target=51&watch=yes"))).toEqual({
      ...Form.empty,
      api: "tom",
      target: "51"
    })
  })

  it("takes an unknown or missing API for the UKSSDC", () => {
    expect(Form.fromQuery(query("api=<script>&job=1")).api).toBe("ukssdc")
    expect(Form.fromQuery(query("")).api).toBe("ukssdc")
  })

  it("writes only the API's own fields that are filled in, never the user ID, and reads them back the same", () => {
    const full = { job: "7", user: "a@b.c", products: "lc", target: "51", pipeline: "3", base: "" }
    expect(`${Form.toQuery({ ...Form.empty, ...full, api: "ukssdc", watch: true })}`).toBe(
      "api=ukssdc&job=7&products=lc&watch=1"
    )
    expect(`${Form.toQuery({ ...Form.empty, ...full, api: "too" })}`).toBe("api=too&job=7")
    expect(`${Form.toQuery({ ...Form.empty, ...full, api: "tom", pipeline: "" })}`).toBe("api=tom&target=51")
    const form: Form.Form = {
      ...Form.empty,
      api: "ukssdc",
      job: "42",
      user: "a b@c.d",
      base: "http://x:1/",
      watch: true
    }
    expect(`${Form.toQuery(form)}`).not.toContain("c.d")
    expect(Form.fromQuery(Form.toQuery(form))).toEqual({ ...form, user: "" })
  })

  it("checks a UKSSDC form into its job, at the page's origin unless told otherwise", () => {
    const form: Form.Form = { ...Form.empty, job: "42", user: "me@example.org", products: "lc, spec" }
    expect(jobOf(form)).toEqual({
      ref: JobRef.ukssdc("42", { positions: true, products: ["lc", "spec"] }).ref,
      baseUrl: origin,
      client: { ukssdc: { baseUrl: origin, userId: "me@example.org" } }
    })
    expect(jobOf({ ...form, products: "", base: "https://www.swift.ac.uk/" })).toMatchObject({
      ref: JobRef.ukssdc("42", { positions: true }).ref,
      baseUrl: "https://www.swift.ac.uk"
    })
    // The job's page the submit reply gave: the complete products' archives are linked under it.
    const page = "https://www.swift.ac.uk/user_objects/tprods/USERPROD_42"
    expect(jobOf({ ...form, page }).ref).toEqual(
      JobRef.ukssdc("42", { positions: true, products: ["lc", "spec"], url: page }).ref
    )
    expect(problemsOf({ ...form, page: "javascript:alert(1)" })).toEqual([
      'the job\'s page must be the http(s) URL its submit reply gave, got "javascript:alert(1)"'
    ])
  })

  it("follows a Swift TOO user's job with their shared secret, which never goes in the query string", () => {
    const form: Form.Form = {
      ...Form.empty,
      api: "too",
      job: "1002",
      username: "demo",
      secret: "s3cret-Value"
    }
    expect(jobOf(form).client).toEqual({ too: { baseUrl: origin, username: "demo", secret: "s3cret-Value" } })
    const query = `${Form.toQuery({ ...form, watch: true })}`
    expect(query).toBe("api=too&job=1002&username=demo&watch=1")
    expect(Form.fromQuery(new URLSearchParams(`${query}&secret=leaked`)).secret).toBe("")
    expect(problemsOf({ ...form, secret: "" })).toEqual([
      'give the shared secret of the Swift TOO user "demo" (it stays in this page, never in its address or storage)'
    ])
    expect(problemsOf({ ...form, username: "" })).toEqual([
      "give the Swift TOO username the shared secret belongs to"
    ])
  })

  it("checks Swift TOO and TOM forms into their jobs", () => {
    expect(jobOf({ ...Form.empty, api: "too", job: "1001" })).toEqual({
      ref: JobRef.too(1001).ref,
      baseUrl: origin,
      client: { too: { baseUrl: origin } }
    })
    expect(jobOf({ ...Form.empty, api: "tom", target: "M13" }).ref).toEqual(JobRef.tomTarget("M13").ref)
    expect(jobOf({ ...Form.empty, api: "tom", pipeline: "3" })).toEqual({
      ref: JobRef.tomPipeline("3").ref,
      baseUrl: origin,
      client: { tom: { baseUrl: origin } }
    })
  })

  it("names every problem of a form at once", () => {
    expect(
      problemsOf({ ...Form.empty, job: "4x", user: "nobody", products: "lc,movie,<b>", base: "ftp://h" })
    ).toEqual([
      'the base URL must be an http(s) address such as http://127.0.0.1:8080, got "ftp://h"',
      'the UKSSDC job ID must be a whole number such as 42, got "4x"',
      "the UKSSDC user ID must be the e-mail address registered with the UKSSDC",
      'the products must be among lc, spec, enh, psf, xastrom, image, sourceDet, not "movie" or "<b>"'
    ])
    expect(problemsOf({ ...Form.empty, api: "too", job: "-1" })).toEqual([
      'the Swift TOO job number must be a whole number such as 1001, got "-1"'
    ])
    expect(problemsOf({ ...Form.empty, api: "tom", target: "1", pipeline: "2" })).toEqual([
      "give a TOM target or a TOM pipeline, one of the two"
    ])
    expect(problemsOf({ ...Form.empty, api: "tom" })).toEqual([
      "give a TOM target or a TOM pipeline, one of the two"
    ])
  })

  it("checks a UWS form into the job's URL, from the base URL when relative, only http(s)", () => {
    const form: Form.Form = { ...Form.empty, api: "uws", url: "/tap/async/abc" }
    expect(anyJobOf(form)).toEqual({ uws: `${origin}/tap/async/abc`, baseUrl: origin })
    expect(anyJobOf({ ...form, url: "https://tap.example.org/tap/async/x?y=1" })).toEqual({
      uws: "https://tap.example.org/tap/async/x?y=1",
      baseUrl: "https://tap.example.org"
    })
    expect(`${Form.toQuery({ ...form, watch: true })}`).toBe("api=uws&url=%2Ftap%2Fasync%2Fabc&watch=1")
    expect(Form.fromQuery(Form.toQuery(form))).toEqual(form)
    for (const url of ["", "javascript:alert(1)", "file:///etc/passwd"])
      expect(problemsOf({ ...form, url })).toEqual([
        `the UWS job URL must be an http(s) address such as https://tap.example.org/tap/async/abc, got ${JSON.stringify(url)}`
      ])
  })

  it("asks for a base URL when the page has no HTTP origin of its own (opened from a file)", () => {
    const form: Form.Form = { ...Form.empty, api: "too", job: "1" }
    expect(problemsOf(form, "null")).toEqual(["the page is not served over HTTP, so give the API's base URL"])
    expect(jobOf({ ...form, base: "http://127.0.0.1:9000" }, "null").baseUrl).toBe("http://127.0.0.1:9000")
  })

  it("says what needs fixing in one sentence, with its tag", () => {
    const job = Form.toJob({ ...Form.empty, api: "too", job: "" }, origin)
    expect(Result.isFailure(job) && [job.failure._tag, job.failure.message]).toEqual([
      "InvalidForm",
      'The form needs fixing: the Swift TOO job number must be a whole number such as 1001, got "".'
    ])
  })
})
