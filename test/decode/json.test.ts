import { describe, expect, it } from "vitest";
import { CallbackDecodeError, type DecodeIssue, decodeCallback, decodePicProcessCallback, decodePicProcessCallbackJson } from "../../generated/src/index.js";
import { decodeErrors, sample, decodePic } from "../helpers.js";
import { IMG, PROC, edit, expectExpectedFound, issue } from "./assertions.js";

/**
 * The JSON side of the decoder contract, and the equivalence of the XML and JSON forms of
 * one callback. JSON bodies are built by editing a parsed copy of seed-sample-3.json (or
 * by string replacement where the exact number text matters).
 */

const SEED3 = sample("seed-sample-3.json");

type Json = Record<string, any>;

/** A fresh, mutable copy of seed-sample-3.json. */
function seed(): Json {
  return JSON.parse(SEED3) as Json;
}

/** seed-sample-3.json changed by `change`, as a body. */
function body(change: (j: Json) => void): string {
  const j = seed();
  change(j);
  return JSON.stringify(j, null, 2);
}

const decode = (text: string | Uint8Array, options?: Parameters<typeof decodeCallback>[1]) => decodePic(text, options);
const img = (text: string) => decode(text).payload.JobsDetail.Operation.PicProcessResult!.OriginalInfo!.ImageInfo!;

describe("JSON: result and model shape", () => {
  it("detects JSON and returns kind, payload and no warnings for a valid sample", () => {
    const r = decodePic(SEED3);
    expect(r.kind).toBe("PicProcessCallback");
    expect(r.warnings).toEqual([]);
    expect(r.payload.EventName).toBe("TaskFinish");
    expect(r.payload.JobsDetail.JobId).toBe("c93984788066911ed89ed352d4d9d2084");
  });

  it("integer leaves sent as strings become numbers; Ave stays \"0xc64847\"", () => {
    expect(img(SEED3)).toStrictEqual({ Ave: "0xc64847", Format: "JPEG", Height: 417, Orientation: 0, Quality: 68, Width: 500 });
    expect(decode(SEED3).payload.JobsDetail.Operation.PicProcessResult!.ProcessResult).toStrictEqual({ Format: "JPEG", Height: 500, Quality: 68, Size: 24911, Width: 417 });
  });

  it("integer leaves accept both \"417\" and 417", () => {
    expect(img(body((j) => (j.JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo.Height = "417"))).Height).toBe(417);
    expect(img(body((j) => (j.JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo.Height = 417))).Height).toBe(417);
  });

  it("JobLevel 0 and \"0\" both decode to the number 0", () => {
    for (const level of [0, "0"]) {
      const op = decode(body((j) => (j.JobsDetail.Operation.JobLevel = level))).payload.JobsDetail.Operation;
      expect(op.JobLevel).toBe(0);
    }
  });

  it("JobLevel 2 and \"2\" both decode to the number 2", () => {
    for (const level of [2, "2"]) {
      expect(decode(body((j) => (j.JobsDetail.Operation.JobLevel = level))).payload.JobsDetail.Operation.JobLevel).toBe(2);
    }
  });

  it("the quotes of an Etag are kept", () => {
    expect(decode(SEED3).payload.JobsDetail.Operation.PicProcessResult!.OriginalInfo!.Etag).toBe('"d5a491cd3d8d071e3212c3478e8e35a1"');
  });
});

describe("JSON: string leaves are never coerced", () => {
  it.each(["00123", "true", "1e5", "0x10", "-0", "null"])("UserData %j stays that exact string", (text) => {
    const op = decode(body((j) => (j.JobsDetail.Operation.UserData = text))).payload.JobsDetail.Operation;
    expect(op.UserData).toBe(text);
  });

  it("a CosHeaders Value \"0001024\" stays the string \"0001024\"", () => {
    const headers = decode(body((j) => (j.JobsDetail.Input.CosHeaders[3].Value = "0001024"))).payload.JobsDetail.Input.CosHeaders!;
    expect(headers[3]).toStrictEqual({ Key: "Size", Value: "0001024" });
  });

  it("whitespace inside a string leaf is kept exactly", () => {
    const text = "  two  spaces \n\tthen a tab and newline  ";
    expect(decode(body((j) => (j.JobsDetail.Operation.UserData = text))).payload.JobsDetail.Operation.UserData).toBe(text);
  });

  it("characters written with JSON escapes are decoded", () => {
    const text = edit(SEED3, '"This is my PicProcess job."', '"\\u0041\\t<&>\\"\\\\"');
    expect(decode(text).payload.JobsDetail.Operation.UserData).toBe('A\t<&>"\\');
  });

  it.each([
    ["a number", 1024],
    ["a boolean", true],
  ] as const)("%s where a string leaf is due (CosHeaders Value) is a 'type' error", (_what, value) => {
    const errors = decodeErrors(body((j) => (j.JobsDetail.Input.CosHeaders[3].Value = value)));
    expectExpectedFound(issue(errors, "JobsDetail.Input.CosHeaders[3].Value", "type"));
  });

  it("\"Value\": 1024 written as in the issue is a 'type' error", () => {
    const errors = decodeErrors(edit(SEED3, '"Value": "1024"', '"Value": 1024'));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe("JobsDetail.Input.CosHeaders[3].Value");
    expect(errors[0]!.code).toBe("type");
  });

  it("a number where UserData (a string) is due is a 'type' error, not coerced", () => {
    issue(decodeErrors(body((j) => (j.JobsDetail.Operation.UserData = 123))), "JobsDetail.Operation.UserData", "type");
  });

  it("an object where a leaf is due is a 'type' error", () => {
    issue(decodeErrors(body((j) => (j.JobsDetail.JobId = { a: "1" }))), "JobsDetail.JobId", "type");
  });

  it("a string where a container is due is a 'type' error", () => {
    issue(decodeErrors(body((j) => (j.JobsDetail.Input = "input"))), "JobsDetail.Input", "type");
  });
});

describe("JSON: repeated and single nodes", () => {
  it("CosHeaders as an array stays an array, in order", () => {
    expect(decode(SEED3).payload.JobsDetail.Input.CosHeaders!.map((h) => h.Key)).toEqual(["Content-Type", "x-cos-request-id", "EventName", "Size"]);
  });

  it("CosHeaders given as a single object becomes an array of one", () => {
    const headers = decode(body((j) => (j.JobsDetail.Input.CosHeaders = { Key: "Size", Value: "0001024" }))).payload.JobsDetail.Input.CosHeaders;
    expect(headers).toStrictEqual([{ Key: "Size", Value: "0001024" }]);
  });

  it("CosHeaders as a one-element array stays an array of one", () => {
    const headers = decode(body((j) => (j.JobsDetail.Input.CosHeaders = [{ Key: "Size", Value: "1024" }]))).payload.JobsDetail.Input.CosHeaders;
    expect(headers).toStrictEqual([{ Key: "Size", Value: "1024" }]);
  });

  it("JobsDetail as a one-element array decodes as the single object", () => {
    const r = decode(body((j) => (j.JobsDetail = [j.JobsDetail])));
    expect(Array.isArray(r.payload.JobsDetail)).toBe(false);
    expect(r.payload).toStrictEqual(decode(SEED3).payload);
    expect(r.warnings).toEqual([]);
  });

  it("JobsDetail as a two-element array is a 'duplicate' error at JobsDetail", () => {
    const errors = decodeErrors(body((j) => (j.JobsDetail = [j.JobsDetail, j.JobsDetail])));
    expectExpectedFound(issue(errors, "JobsDetail", "duplicate"));
  });

  it("Workflow as a two-element array is a 'duplicate' error at JobsDetail.Workflow", () => {
    const errors = decodeErrors(body((j) => (j.JobsDetail.Workflow = [j.JobsDetail.Workflow, j.JobsDetail.Workflow])));
    issue(errors, "JobsDetail.Workflow", "duplicate");
  });

  it("JobsDetail as an empty array is missing", () => {
    issue(decodeErrors(body((j) => (j.JobsDetail = [])), undefined, decodePicProcessCallback), "JobsDetail", "missing");
  });

  it("vendor-sample-3.json (JobsDetail array, JobLevel number) decodes to a single JobsDetail", () => {
    const r = decode(sample("vendor-sample-3.json"));
    expect(Array.isArray(r.payload.JobsDetail)).toBe(false);
    expect(r.payload.JobsDetail.Operation.JobLevel).toBe(0);
  });
});

describe("JSON and XML forms of one callback give deep-equal models", () => {
  it("seed-sample-2.xml and seed-sample-3.json", () => {
    expect(decodePic(sample("seed-sample-3.json")).payload).toStrictEqual(decodePic(sample("seed-sample-2.xml")).payload);
  });

  it("vendor-sample-2.xml and vendor-sample-3.json", () => {
    expect(decodePic(sample("vendor-sample-3.json")).payload).toStrictEqual(decodePic(sample("vendor-sample-2.xml")).payload);
  });

  it("the XML form's empty <Message/> and <Etag/> are absent, as the JSON form omits them", () => {
    const xml = decodePic(sample("seed-sample-2.xml")).payload;
    expect("Message" in xml.JobsDetail).toBe(false);
    expect("Etag" in xml.JobsDetail.Operation.PicProcessResult!.ProcessResult!).toBe(false);
  });
});

describe("JSON: lenient by default, strict on request", () => {
  const withFoo = body((j) => (j.JobsDetail.Foo = "bar"));
  const withNested = body((j) => (j.JobsDetail.Nest = { A: [1, "2"], B: { C: " x " } }));
  const weird = body((j) => (j.JobsDetail.State = "Weird"));

  it("keeps an unknown key under its own name and warns at its path", () => {
    const r = decode(withFoo);
    expect((r.payload.JobsDetail as unknown as Json).Foo).toBe("bar");
    expect(r.warnings).toHaveLength(1);
    issue(r.warnings, "JobsDetail.Foo", "unknown-field");
  });

  it("keeps an unknown nested object as it came", () => {
    const r = decode(withNested);
    expect((r.payload.JobsDetail as unknown as Json).Nest).toStrictEqual({ A: [1, "2"], B: { C: " x " } });
    issue(r.warnings, "JobsDetail.Nest", "unknown-field");
  });

  it("reports an unknown key in a list item with its index", () => {
    const r = decode(body((j) => (j.JobsDetail.Input.CosHeaders[2].Extra = "e")));
    issue(r.warnings, "JobsDetail.Input.CosHeaders[2].Extra", "unknown-field");
    expect(r.payload.JobsDetail.Input.CosHeaders![2]).toStrictEqual({ Key: "EventName", Value: "cos:ObjectCreated:Put", Extra: "e" });
  });

  it("reports an unknown key at the top level", () => {
    const r = decode(body((j) => (j.Extra = 1)));
    issue(r.warnings, "Extra", "unknown-field");
    expect((r.payload as unknown as Json).Extra).toBe(1);
  });

  it("keeps an unknown enum value and warns with expected and found", () => {
    const r = decode(weird);
    expect(r.payload.JobsDetail.State).toBe("Weird");
    expectExpectedFound(issue(r.warnings, "JobsDetail.State", "enum"));
  });

  it("strict: an unknown key is an error (thrown)", () => {
    issue(decodeErrors(withFoo, { strict: true }), "JobsDetail.Foo", "unknown-field");
  });

  it("strict: an unknown enum value is an error (thrown)", () => {
    expectExpectedFound(issue(decodeErrors(weird, { strict: true }), "JobsDetail.State", "enum"));
  });

  it("strict: both at once are both errors", () => {
    const errors = decodeErrors(body((j) => ((j.JobsDetail.Foo = "bar"), (j.JobsDetail.State = "Weird"))), { strict: true });
    issue(errors, "JobsDetail.Foo", "unknown-field");
    issue(errors, "JobsDetail.State", "enum");
  });

  it("strict: a valid sample still decodes", () => {
    expect(decodePic(SEED3, { strict: true }).payload).toStrictEqual(decode(SEED3).payload);
  });
});

describe("JSON: errors", () => {
  it("throws CallbackDecodeError listing {path, code, message, expected, found}", () => {
    let thrown: unknown;
    try {
      decodePic(body((j) => (j.JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo.Height = "4x7")));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CallbackDecodeError);
    const errors = (thrown as CallbackDecodeError).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe(`${IMG}.Height`);
    expect(errors[0]!.code).toBe("integer");
    expectExpectedFound(errors[0]!);
  });

  it("reports every error at once, each at its own path with expected and found", () => {
    const errors = decodeErrors(
      body((j) => {
        const info = j.JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo;
        info.Height = "4x7";
        info.Width = "wide";
        delete j.JobsDetail.JobId;
      }),
    );
    expect(errors.length).toBeGreaterThanOrEqual(3);
    expectExpectedFound(issue(errors, `${IMG}.Height`, "integer"));
    expectExpectedFound(issue(errors, `${IMG}.Width`, "integer"));
    expectExpectedFound(issue(errors, "JobsDetail.JobId", "missing"));
    for (const e of errors) expectExpectedFound(e);
    expect(new Set(errors.map((e) => e.path)).size).toBe(errors.length);
  });

  it("reports errors of different kinds in different containers at once", () => {
    const errors = decodeErrors(
      body((j) => {
        j.JobsDetail.Operation.PicProcessResult.ProcessResult.Size = 1.5;
        j.JobsDetail.Input.CosHeaders[3].Value = 1024;
        delete j.JobsDetail.Workflow.RunId;
        j.JobsDetail.CreationTime = "yesterday";
      }),
    );
    issue(errors, `${PROC}.Size`, "integer");
    issue(errors, "JobsDetail.Input.CosHeaders[3].Value", "type");
    issue(errors, "JobsDetail.Workflow.RunId", "missing");
    issue(errors, "JobsDetail.CreationTime", "timestamp");
    expect(errors.length).toBeGreaterThanOrEqual(4);
  });

  describe("missing required nodes are 'missing' at the node's path", () => {
    const cases: [path: string, remove: (j: Json) => void][] = [
      ["EventName", (j) => delete j.EventName],
      ["JobsDetail", (j) => delete j.JobsDetail],
      ["JobsDetail.JobId", (j) => delete j.JobsDetail.JobId],
      ["JobsDetail.Tag", (j) => delete j.JobsDetail.Tag],
      ["JobsDetail.State", (j) => delete j.JobsDetail.State],
      ["JobsDetail.CreationTime", (j) => delete j.JobsDetail.CreationTime],
      ["JobsDetail.QueueId", (j) => delete j.JobsDetail.QueueId],
      ["JobsDetail.Input", (j) => delete j.JobsDetail.Input],
      ["JobsDetail.Operation", (j) => delete j.JobsDetail.Operation],
      ["JobsDetail.Input.Region", (j) => delete j.JobsDetail.Input.Region],
      ["JobsDetail.Operation.Output", (j) => delete j.JobsDetail.Operation.Output],
      ["JobsDetail.Operation.Output.Object", (j) => delete j.JobsDetail.Operation.Output.Object],
      ["JobsDetail.Operation.PicProcessResult.ObjectName", (j) => delete j.JobsDetail.Operation.PicProcessResult.ObjectName],
      [`${IMG}.Format`, (j) => delete j.JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo.Format],
      [`${IMG}.Height`, (j) => delete j.JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo.Height],
      [`${PROC}.Size`, (j) => delete j.JobsDetail.Operation.PicProcessResult.ProcessResult.Size],
      ["JobsDetail.Input.CosHeaders[0].Key", (j) => delete j.JobsDetail.Input.CosHeaders[0].Key],
      ["JobsDetail.Input.CosHeaders[2].Value", (j) => delete j.JobsDetail.Input.CosHeaders[2].Value],
      ["JobsDetail.Workflow.WorkflowId", (j) => delete j.JobsDetail.Workflow.WorkflowId],
    ];
    // Decoded as the one kind: without EventName or Tag, decodeCallback cannot tell the kind.
    it.each(cases)("%s", (path, remove) => {
      expectExpectedFound(issue(decodeErrors(body(remove), undefined, decodePicProcessCallback), path, "missing"));
    });
  });

  describe("wrong top level is 'wrong-root'", () => {
    it.each([
      ["an array", "[" + SEED3 + "]"],
      ["an array of nothing", "[]"],
    ])("%s", (_what, text) => {
      const errors = decodeErrors(text);
      expect(errors).toHaveLength(1);
      expect(errors[0]!.code).toBe("wrong-root");
      expect(errors[0]!.path).toBe("");
    });
  });

  describe("bad integers are 'integer' errors at the leaf's path", () => {
    it.each(["4x7", "", "1.5", "9007199254740993", "99999999999999999999", "0x1A1", "1e3"])("Height as the string %j", (text) => {
      const errors = decodeErrors(body((j) => (j.JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo.Height = text)));
      expectExpectedFound(issue(errors, `${IMG}.Height`, "integer"));
    });

    it.each(["1.5", "9007199254740993", "1e300", "-9007199254740993"])("Height as the JSON number %s", (num) => {
      const errors = decodeErrors(edit(SEED3, '"Height": "417"', `"Height": ${num}`));
      expectExpectedFound(issue(errors, `${IMG}.Height`, "integer"));
    });

    it("2^53 - 1 as a JSON number is still accepted", () => {
      const r = decode(edit(SEED3, '"Size": "24911"', '"Size": 9007199254740991'));
      expect(r.payload.JobsDetail.Operation.PicProcessResult!.ProcessResult!.Size).toBe(9007199254740991);
    });

    it("a boolean where an integer is due is an error", () => {
      const errors = decodeErrors(body((j) => (j.JobsDetail.Operation.PicProcessResult.OriginalInfo.ImageInfo.Height = true)));
      expect(errors.map((e) => e.path)).toContain(`${IMG}.Height`);
    });
  });

  describe("truncated JSON is a 'syntax' error with line and column", () => {
    it.each(["seed-sample-3.json", "vendor-sample-3.json"])("%s cut in half", (name) => {
      const text = sample(name);
      const errors = decodeErrors(text.slice(0, Math.floor(text.length / 2)));
      expect(errors).toHaveLength(1);
      expect(errors[0]!.code).toBe("syntax");
      expect(errors[0]!.path).toBe("");
      expect(errors[0]!.message).toMatch(/line \d+, column \d+/);
    });

    it.each([0.25, 0.75])("seed-sample-3.json cut at %d", (f) => {
      const errors = decodeErrors(SEED3.slice(0, Math.floor(SEED3.length * f)));
      expect(errors[0]!.code).toBe("syntax");
      expect(errors[0]!.message).toMatch(/line \d+, column \d+/);
    });

    it("a lone { is a 'syntax' error", () => {
      const errors = decodeErrors("{");
      expect(errors[0]!.code).toBe("syntax");
      expect(errors[0]!.message).toMatch(/line 1, column \d+/);
    });

    it("the published samples with a trailing comma / doubled backslashes are 'syntax' errors", () => {
      for (const name of ["vendor-sample-3-as-published.json", "seed-sample-3-as-published.json"]) {
        const errors = decodeErrors(sample(name));
        expect(errors[0]!.code).toBe("syntax");
        expect(errors[0]!.message).toMatch(/line \d+, column \d+/);
      }
    });
  });
});

describe("JSON: input forms and the format option", () => {
  it("a Uint8Array of a sample decodes the same as the string", () => {
    for (const name of ["seed-sample-3.json", "vendor-sample-3.json"]) {
      const text = sample(name);
      expect(decodePic(new TextEncoder().encode(text)).payload).toStrictEqual(decodePic(text).payload);
    }
  });

  it("format 'json' and decodePicProcessCallbackJson decode a JSON body as detection does", () => {
    expect(decodePic(SEED3, { format: "json" }).payload).toStrictEqual(decodePic(SEED3).payload);
    expect(decodePicProcessCallbackJson(SEED3).payload).toStrictEqual(decodePic(SEED3).payload);
  });

  it("forcing format 'json' on an XML body fails with 'syntax'", () => {
    const errors = decodeErrors(sample("seed-sample-2.xml"), { format: "json" });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe("syntax");
    expect(() => decodePicProcessCallbackJson(sample("seed-sample-2.xml"))).toThrow(CallbackDecodeError);
  });

  it("forcing format 'xml' on a JSON body fails with 'syntax'", () => {
    const errors = decodeErrors(SEED3, { format: "xml" });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe("syntax");
  });
});
