import { describe, expect, it } from "vitest";
import { formatIssue } from "../../generated/src/index.js";
import { decodeErrors, decodePic, sample } from "../helpers.js";

/**
 * No text from the body reaches an error, a warning or a path as it came: control characters,
 * newlines and escape sequences are shown escaped, long text is cut, and a name holding a dot
 * is quoted so that a path reads one way only.
 */
const XML = sample("seed-sample-2.xml");
const JSON_BODY = sample("seed-sample-3.json");
/** Line breaks, escape sequences, bidi overrides and the line separator: what forges or hides text on a terminal. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const everyText = (i: { path: string; message: string; expected?: string; found?: string }) => [i.path, i.message, i.expected ?? "", i.found ?? "", formatIssue(i as never)];

describe("text from the body is escaped wherever it is shown", () => {
  it('a JSON key holding "\\nerror: JobsDetail.JobId: …" stays on its warning\'s one line (it forged an error line on stderr)', () => {
    const body = JSON_BODY.replace('"Code": "Success"', '"x\\nerror: JobsDetail.JobId: expected text\\u001b[31m": 1, "Code": "Success"');
    const { warnings } = decodePic(body);
    expect(warnings).toHaveLength(1);
    for (const t of everyText(warnings[0]!)) expect(t).not.toMatch(UNSAFE);
    expect(warnings[0]!.path).toBe('JobsDetail["x\\nerror: JobsDetail.JobId: expected text\\u001b[31m"]');
  });

  it("control characters from attribute values, references and JSON strings are escaped in messages", () => {
    // XML cannot carry ESC at all (even as &#x1b;); it can carry line breaks, NEL, the line separator and bidi overrides.
    const fromXml = decodePic(XML.replace("<Response>", '<Response note="a&#10;b&#x85;&#x2028;&#x202e;">')).warnings;
    expect(fromXml[0]!.message).toBe('attribute note="a\\nb\\u0085\\u2028\\u202e" is not part of the spec and is not kept');
    const fromJson = decodeErrors(JSON_BODY.replace('"TaskFinish"', '"Task\\u0007\\u2028Finish"'));
    for (const e of fromJson) for (const t of everyText(e)) expect(t).not.toMatch(UNSAFE);
    expect(fromJson[0]!.found).toContain('EventName="Task\\u0007\\u2028Finish"');
  });

  it("every issue of a fuzzed body is printable (each text of each issue checked)", () => {
    const nasty = ["\n", "\r", "\u001b[31m", "\u0085", "\u2028", "\u202e", "\u0000", "\ud800"];
    for (const n of nasty) {
      const body = JSON_BODY.replace('"Code": "Success"', `"Code": ${JSON.stringify(`S${n}`)}, ${JSON.stringify(`k${n}.x`)}: ${JSON.stringify(n)}`);
      let issues;
      try {
        issues = decodePic(body).warnings;
      } catch {
        issues = decodeErrors(body);
      }
      expect(issues.length).toBeGreaterThan(0);
      for (const i of issues) for (const t of everyText(i)) expect(t).not.toMatch(UNSAFE);
    }
  });
});

describe("paths are unambiguous", () => {
  it("<Input.BucketId> is one name, quoted (it read as JobsDetail.Input.BucketId)", () => {
    const { warnings } = decodePic(XML.replace("<Code>", "<Input.BucketId>b</Input.BucketId><Code>"));
    expect(warnings.map((w) => w.path)).toEqual(['JobsDetail["Input.BucketId"]']);
  });
  it("plain names (letters, digits, _, -, :) stay unquoted; a list index stays in brackets", () => {
    const { warnings } = decodePic(XML.replace("<Code>", "<ci:Note-1>x</ci:Note-1><Code>"));
    expect(warnings.map((w) => w.path)).toEqual(["JobsDetail.ci:Note-1"]);
    expect(decodeErrors(XML.replace(/<Value>[^<]*<\/Value>/, "<Value><x/></Value>")).map((e) => e.path)).toEqual(["JobsDetail.Input.CosHeaders[0].Value"]);
  });
});

describe("an unknown kind reads as one: a short list that leads with unknown-payload", () => {
  it.each([
    ["XML", XML.replace("<Tag>PicProcess</Tag>", "<Tag>Teleport</Tag>")],
    ["JSON", JSON_BODY.replace('"PicProcess"', '"Teleport"')],
  ])("%s", (_, body) => {
    const errors = decodeErrors(body);
    expect(errors[0]).toMatchObject({ code: "unknown-payload", path: "" });
    expect(errors.length).toBeLessThanOrEqual(3);
    expect(errors[0]!.found).toContain('JobsDetail.Tag="Teleport"');
  });
});
