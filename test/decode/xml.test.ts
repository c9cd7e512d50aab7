import { describe, expect, it } from "vitest";
import { CallbackDecodeError, type DecodeIssue, decodeCallback, decodePicProcessCallback, decodePicProcessCallbackXml } from "../../generated/src/index.js";
import { decodeErrors, sample, decodePic } from "../helpers.js";
import { IMG, PROC, edit, expectExpectedFound, issue } from "./assertions.js";

/**
 * The XML side of the decoder contract: model shape, leaf text kept exactly, entities and
 * CDATA, repeated and single nodes, empty optional elements, lenient/strict handling of
 * unknown data and every error reported at once with its model path.
 */

const SEED1 = sample("seed-sample-1.xml");
const SEED2 = sample("seed-sample-2.xml");

/** Body of seed sample 1 with `s` as the text of Operation.UserData. */
function withUserData(s: string): string {
  return edit(SEED1, "<UserData>This is my PicProcess job.</UserData>", `<UserData>${s}</UserData>`);
}

function decode(body: string, options?: Parameters<typeof decodeCallback>[1]) {
  return decodePic(body, options);
}

function jobsDetail(body: string): Record<string, unknown> {
  return decode(body).payload.JobsDetail as unknown as Record<string, unknown>;
}

describe("XML: result and model shape", () => {
  it("detects XML and returns kind, payload and no warnings for a valid sample", () => {
    const r = decodePic(SEED1);
    expect(r.kind).toBe("PicProcessCallback");
    expect(r.warnings).toEqual([]);
    expect(r.payload.EventName).toBe("TaskFinish");
    expect(r.payload.JobsDetail.Tag).toBe("PicProcess");
  });

  it("the model is the content of <Response> with wire names kept", () => {
    const p = decode(SEED1).payload;
    expect(Object.keys(p).sort()).toEqual(["EventName", "JobsDetail"]);
    expect(p.JobsDetail.JobId).toBe("c93984788066911ed89ed352d4d9d2084");
    expect(p.JobsDetail.Input).toEqual({ BucketId: "test-1234567890", Object: "input/deer.jpg", Region: "ap-chongqing" });
    expect(p.JobsDetail.Operation.Output).toEqual({ Bucket: "test-1234567890", Object: "output/out.jpg", Region: "ap-chongqing" });
    expect(p.JobsDetail.CreationTime).toBe("2022-07-18T15:16:43+0800");
  });

  it("integers become numbers, every other leaf keeps its text (Ave stays 0xc64847)", () => {
    const img = decode(SEED1).payload.JobsDetail.Operation.PicProcessResult!.OriginalInfo!.ImageInfo!;
    expect(img).toStrictEqual({ Ave: "0xc64847", Format: "JPEG", Height: 417, Orientation: 0, Quality: 68, Width: 500 });
    const proc = decode(SEED1).payload.JobsDetail.Operation.PicProcessResult!.ProcessResult!;
    expect(proc).toStrictEqual({ Format: "JPEG", Height: 500, Quality: 68, Size: 24911, Width: 417 });
  });

  it("the quotes of an Etag are kept", () => {
    expect(decode(SEED1).payload.JobsDetail.Operation.PicProcessResult!.OriginalInfo!.Etag).toBe('"d5a491cd3d8d071e3212c3478e8e35a1"');
  });

  it("JobLevel <JobLevel>0</JobLevel> decodes to the number 0", () => {
    expect(decode(sample("vendor-sample-1.xml")).payload.JobsDetail.Operation.JobLevel).toBe(0);
  });

  it("an XML declaration before the root is accepted", () => {
    const r = decode('<?xml version="1.0" encoding="UTF-8"?>\n' + SEED1);
    expect(r.payload).toStrictEqual(decode(SEED1).payload);
  });

  it("surrounding whitespace of an integer (pretty-printed XML) is not part of the number", () => {
    const r = decode(edit(SEED1, "<Height>417</Height>", "<Height>\n  417\n</Height>"));
    expect(r.payload.JobsDetail.Operation.PicProcessResult!.OriginalInfo!.ImageInfo!.Height).toBe(417);
  });
});

describe("XML: string leaves are never coerced", () => {
  it.each(["00123", "true", "1e5", "0x10", "-0", "null"])("UserData %j stays that exact string", (text) => {
    const op = decode(withUserData(text)).payload.JobsDetail.Operation;
    expect(op.UserData).toBe(text);
    expect(typeof op.UserData).toBe("string");
  });

  it("a CosHeaders Value 0001024 stays the string \"0001024\"", () => {
    const body = edit(SEED2, "<Value>1024</Value>", "<Value>0001024</Value>");
    const headers = decode(body).payload.JobsDetail.Input.CosHeaders!;
    expect(headers[3]).toStrictEqual({ Key: "Size", Value: "0001024" });
  });

  it("a CosHeaders Value 1024 stays the string \"1024\"", () => {
    expect(decode(SEED2).payload.JobsDetail.Input.CosHeaders![3]!.Value).toBe("1024");
  });

  it("whitespace inside a string leaf is kept exactly", () => {
    const text = "  two  spaces \n\tthen a tab and newline  ";
    expect(decode(withUserData(text)).payload.JobsDetail.Operation.UserData).toBe(text);
  });

  it("whitespace around CDATA inside a string leaf is kept exactly", () => {
    expect(decode(withUserData(" \t<![CDATA[ x ]]>\n ")).payload.JobsDetail.Operation.UserData).toBe(" \t x \n ");
  });
});

describe("XML: entities and CDATA", () => {
  it("decodes the five named entities and decimal/hex character references", () => {
    expect(decode(withUserData("&lt;&gt;&amp;&quot;&apos;&#65;&#x41;")).payload.JobsDetail.Operation.UserData).toBe("<>&\"'AA");
  });

  it("decodes a character reference outside the BMP", () => {
    expect(decode(withUserData("&#x1F600;&#128512;")).payload.JobsDetail.Operation.UserData).toBe("\u{1F600}\u{1F600}");
  });

  it("decodes entities once only (&amp;lt; is the text &lt;)", () => {
    expect(decode(withUserData("&amp;lt;&amp;#65;")).payload.JobsDetail.Operation.UserData).toBe("&lt;&#65;");
  });

  it("takes CDATA verbatim, < and & included", () => {
    expect(decode(withUserData("<![CDATA[a<b&c>d]]>")).payload.JobsDetail.Operation.UserData).toBe("a<b&c>d");
  });

  it("does not decode entities inside CDATA", () => {
    expect(decode(withUserData("<![CDATA[&amp;&lt;]]>")).payload.JobsDetail.Operation.UserData).toBe("&amp;&lt;");
  });

  it("joins text mixing entities and CDATA in document order", () => {
    expect(decode(withUserData("x&amp;<![CDATA[<y>&]]>&#x41;z<![CDATA[!]]>")).payload.JobsDetail.Operation.UserData).toBe("x&<y>&Az!");
  });

  it("text runs split by comments and processing instructions end where each run ends, and join", () => {
    expect(decode(withUserData("ab<!-- c -->de")).payload.JobsDetail.Operation.UserData).toBe("abde");
    expect(decode(withUserData("a<!--c--><![CDATA[x]]>b<?pi y?>c")).payload.JobsDetail.Operation.UserData).toBe("axbc");
    expect(decode(withUserData("<!--c-->only")).payload.JobsDetail.Operation.UserData).toBe("only");
    expect(decode(withUserData("first<!--c-->")).payload.JobsDetail.Operation.UserData).toBe("first");
  });

  it("entities work in integer leaves too (&#52;17 is 417)", () => {
    const r = decode(edit(SEED1, "<Height>417</Height>", "<Height>&#52;17</Height>"));
    expect(r.payload.JobsDetail.Operation.PicProcessResult!.OriginalInfo!.ImageInfo!.Height).toBe(417);
  });

  it.each(["&#0;", "&#xD800;", "&#x110000;"])("a reference to a character XML forbids (%s) is an 'entity' error at the leaf's path", (ref) => {
    expectExpectedFound(issue(decodeErrors(withUserData(`a${ref}b`)), "JobsDetail.Operation.UserData", "entity"));
  });

  it("a bare & is refused", () => {
    expect(decodeErrors(withUserData("a & b")).length).toBeGreaterThan(0);
  });

  it("an undeclared entity (&foo;) is an error at the leaf's path", () => {
    const errors = decodeErrors(withUserData("a&foo;b"));
    expectExpectedFound(issue(errors, "JobsDetail.Operation.UserData", "entity"));
  });
});

describe("XML: repeated nodes are arrays, single nodes are single", () => {
  it("four <CosHeaders> become an array of four, in order", () => {
    const headers = decode(SEED2).payload.JobsDetail.Input.CosHeaders!;
    expect(Array.isArray(headers)).toBe(true);
    expect(headers.map((h) => h.Key)).toEqual(["Content-Type", "x-cos-request-id", "EventName", "Size"]);
  });

  it("a single <CosHeaders> becomes an array of one", () => {
    const body = edit(SEED2, /<CosHeaders>[\s\S]*<\/CosHeaders>/, "<CosHeaders><Key>Size</Key><Value>0001024</Value></CosHeaders>");
    const headers = decode(body).payload.JobsDetail.Input.CosHeaders;
    expect(headers).toStrictEqual([{ Key: "Size", Value: "0001024" }]);
  });

  it("without <CosHeaders> the key is absent", () => {
    expect(Object.keys(decode(SEED1).payload.JobsDetail.Input)).not.toContain("CosHeaders");
  });

  it("Workflow is a single object", () => {
    expect(decode(SEED2).payload.JobsDetail.Workflow).toStrictEqual({
      Name: "PicProcess_1581665960537",
      RunId: "ic90edd59f84f11ec9d4f525400a3c59f",
      WorkflowId: "web6ac56c1ef54dbfa44d7f4103203be9",
      WorkflowName: "workflow-test",
    });
  });

  it("two <Workflow> elements are a 'duplicate' error at JobsDetail.Workflow", () => {
    const second = "<Workflow><Name>n</Name><RunId>r</RunId><WorkflowId>w</WorkflowId><WorkflowName>wn</WorkflowName></Workflow>";
    const errors = decodeErrors(edit(SEED2, "</Workflow>", "</Workflow>" + second));
    expectExpectedFound(issue(errors, "JobsDetail.Workflow", "duplicate"));
  });

  it("two <JobsDetail> elements are a 'duplicate' error at JobsDetail", () => {
    const jd = /<JobsDetail>[\s\S]*<\/JobsDetail>/.exec(SEED1)![0];
    const body = edit(SEED1, jd, jd + jd);
    const errors = decodeErrors(body);
    expectExpectedFound(issue(errors, "JobsDetail", "duplicate"));
  });

  it("two <JobId> elements are a 'duplicate' error at JobsDetail.JobId", () => {
    const errors = decodeErrors(edit(SEED1, "<JobId>c93984788066911ed89ed352d4d9d2084</JobId>", "<JobId>a</JobId><JobId>b</JobId>"));
    issue(errors, "JobsDetail.JobId", "duplicate");
  });
});

describe("XML: empty elements of optional leaves are absent", () => {
  it("<Message/> decodes to no Message key", () => {
    expect(SEED1).toContain("<Message/>");
    const jd = jobsDetail(SEED1);
    expect(Object.keys(jd)).not.toContain("Message");
    expect("Message" in jd).toBe(false);
  });

  it("<Message></Message> decodes to no Message key", () => {
    const jd = jobsDetail(edit(SEED1, "<Message/>", "<Message></Message>"));
    expect("Message" in jd).toBe(false);
  });

  it("<Etag/> in ProcessResult decodes to no Etag key", () => {
    const proc = decode(SEED1).payload.JobsDetail.Operation.PicProcessResult!.ProcessResult!;
    expect("Etag" in proc).toBe(false);
  });

  it("<Etag></Etag> in OriginalInfo decodes to no Etag key", () => {
    const body = edit(SEED1, '<Etag>"d5a491cd3d8d071e3212c3478e8e35a1"</Etag>', "<Etag></Etag>");
    expect("Etag" in decode(body).payload.JobsDetail.Operation.PicProcessResult!.OriginalInfo!).toBe(false);
  });

  it("an empty optional integer (<Orientation/>) is absent, not an error", () => {
    const img = decode(edit(SEED1, "<Orientation>0</Orientation>", "<Orientation/>")).payload.JobsDetail.Operation.PicProcessResult!.OriginalInfo!.ImageInfo!;
    expect("Orientation" in img).toBe(false);
    expect(img.Height).toBe(417);
  });

  it("an empty optional leaf made of an empty CDATA section is absent", () => {
    expect("UserData" in decode(withUserData("<![CDATA[]]>")).payload.JobsDetail.Operation).toBe(false);
  });

  it("an empty optional container (<Workflow/>) is absent", () => {
    const jd = jobsDetail(edit(SEED2, /<Workflow>[\s\S]*<\/Workflow>/, "<Workflow/>"));
    expect("Workflow" in jd).toBe(false);
  });
});

describe("XML: lenient by default, strict on request", () => {
  const withFoo = edit(SEED1, "<Tag>PicProcess</Tag>", "<Tag>PicProcess</Tag><Foo>bar</Foo>");
  const withNested = edit(SEED1, "<Tag>PicProcess</Tag>", "<Tag>PicProcess</Tag><Nest><A>1</A><A>2</A><B> x </B></Nest>");
  const weird = edit(SEED1, "<State>Success</State>", "<State>Weird</State>");

  it("keeps an unknown text element under its own name and warns at its path", () => {
    const r = decode(withFoo);
    expect((r.payload.JobsDetail as unknown as Record<string, unknown>).Foo).toBe("bar");
    expect(r.warnings).toHaveLength(1);
    issue(r.warnings, "JobsDetail.Foo", "unknown-field");
  });

  it("keeps an unknown nested element as an object of its children", () => {
    const r = decode(withNested);
    expect((r.payload.JobsDetail as unknown as Record<string, unknown>).Nest).toStrictEqual({ A: ["1", "2"], B: " x " });
    issue(r.warnings, "JobsDetail.Nest", "unknown-field");
  });

  it("reports an unknown element deep in the tree with its full path", () => {
    const r = decode(edit(SEED1, "<Width>500</Width>", "<Width>500</Width><Bits>8</Bits>"));
    expect((r.payload.JobsDetail.Operation.PicProcessResult!.OriginalInfo!.ImageInfo as unknown as Record<string, unknown>).Bits).toBe("8");
    issue(r.warnings, `${IMG}.Bits`, "unknown-field");
  });

  it("reports an unknown element in a list item with its index", () => {
    const r = decode(edit(SEED2, "<Key>EventName</Key>", "<Key>EventName</Key><Extra>e</Extra>"));
    expect(r.payload.JobsDetail.Input.CosHeaders![2]).toStrictEqual({ Key: "EventName", Value: "cos:ObjectCreated:Put", Extra: "e" });
    issue(r.warnings, "JobsDetail.Input.CosHeaders[2].Extra", "unknown-field");
  });

  it("keeps an unknown enum value and warns with what was expected and found", () => {
    const r = decode(weird);
    expect(r.payload.JobsDetail.State).toBe("Weird");
    expectExpectedFound(issue(r.warnings, "JobsDetail.State", "enum"));
  });

  it("strict: an unknown element is an error (thrown)", () => {
    const errors = decodeErrors(withFoo, { strict: true });
    issue(errors, "JobsDetail.Foo", "unknown-field");
  });

  it("strict: an unknown enum value is an error (thrown)", () => {
    const errors = decodeErrors(weird, { strict: true });
    expectExpectedFound(issue(errors, "JobsDetail.State", "enum"));
  });

  it("strict: a valid sample still decodes", () => {
    expect(decodePic(SEED2, { strict: true }).payload).toStrictEqual(decode(SEED2).payload);
  });

  it("the strict error carries the warnings of lenient mode as errors, not as warnings", () => {
    try {
      decodePic(weird, { strict: true });
      expect.unreachable("strict decode should throw");
    } catch (e) {
      expect(e).toBeInstanceOf(CallbackDecodeError);
      expect((e as CallbackDecodeError).warnings).toEqual([]);
    }
  });
});

describe("XML: errors", () => {
  it("throws CallbackDecodeError whose errors are {path, code, message, expected?, found?}", () => {
    let thrown: unknown;
    try {
      decodePic(edit(SEED1, "<Height>417</Height>", "<Height>4x7</Height>"));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CallbackDecodeError);
    expect(thrown).toBeInstanceOf(Error);
    const errors = (thrown as CallbackDecodeError).errors;
    expect(errors).toHaveLength(1);
    const e = errors[0]!;
    expect(e.path).toBe(`${IMG}.Height`);
    expect(e.code).toBe("integer");
    expect(typeof e.message).toBe("string");
    expect(e.message.length).toBeGreaterThan(0);
    expectExpectedFound(e);
    expect(e.found).toContain("4x7");
  });

  it("reports every error at once, each at its own path with expected and found", () => {
    let body = edit(SEED1, "<Height>417</Height>", "<Height>4x7</Height>");
    body = edit(body, "<JobId>c93984788066911ed89ed352d4d9d2084</JobId>", "");
    body = edit(body, "<Width>500</Width>", "<Width>wide</Width>");
    const errors = decodeErrors(body);
    expect(errors.length).toBeGreaterThanOrEqual(3);
    expectExpectedFound(issue(errors, `${IMG}.Height`, "integer"));
    expectExpectedFound(issue(errors, "JobsDetail.JobId", "missing"));
    expectExpectedFound(issue(errors, `${IMG}.Width`, "integer"));
    for (const e of errors) expectExpectedFound(e);
    expect(new Set(errors.map((e) => e.path)).size).toBe(errors.length);
  });

  it("reports errors in different containers and list items at once", () => {
    let body = edit(SEED2, "<Size>24911</Size>", "<Size>big</Size>");
    body = edit(body, "<Key>x-cos-request-id</Key>", "");
    body = edit(body, "<RunId>ic90edd59f84f11ec9d4f525400a3c59f</RunId>", "");
    body = edit(body, "<CreationTime>2022-07-18T15:16:43+0800</CreationTime>", "<CreationTime>yesterday</CreationTime>");
    const errors = decodeErrors(body);
    issue(errors, `${PROC}.Size`, "integer");
    issue(errors, "JobsDetail.Input.CosHeaders[1].Key", "missing");
    issue(errors, "JobsDetail.Workflow.RunId", "missing");
    expectExpectedFound(issue(errors, "JobsDetail.CreationTime", "timestamp"));
    expect(errors.length).toBeGreaterThanOrEqual(4);
  });

  it("a TaskFinish body without its Tag is of no kind decodeCallback can tell: one unknown-payload error naming what was found", () => {
    const errors = decodeErrors(edit(SEED1, "<Tag>PicProcess</Tag>", ""));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: "", code: "unknown-payload", found: 'EventName="TaskFinish"' });
  });

  describe("missing required nodes are 'missing' at the node's path", () => {
    const cases: [path: string, remove: string | RegExp, body?: string][] = [
      ["EventName", "<EventName>TaskFinish</EventName>"],
      ["JobsDetail", /<JobsDetail>[\s\S]*<\/JobsDetail>/],
      ["JobsDetail.JobId", "<JobId>c93984788066911ed89ed352d4d9d2084</JobId>"],
      ["JobsDetail.Tag", "<Tag>PicProcess</Tag>"],
      ["JobsDetail.State", "<State>Success</State>"],
      ["JobsDetail.CreationTime", "<CreationTime>2022-07-18T15:16:43+0800</CreationTime>"],
      ["JobsDetail.QueueId", "<QueueId>p2911917386e148639319e13c285cc774</QueueId>"],
      ["JobsDetail.Input", /<Input>[\s\S]*<\/Input>/],
      ["JobsDetail.Operation", /<Operation>[\s\S]*<\/Operation>/],
      ["JobsDetail.Input.BucketId", "<BucketId>test-1234567890</BucketId>"],
      ["JobsDetail.Input.Object", "<Object>input/deer.jpg</Object>"],
      ["JobsDetail.Operation.Output", /<Output>[\s\S]*<\/Output>/],
      ["JobsDetail.Operation.Output.Bucket", "<Bucket>test-1234567890</Bucket>"],
      ["JobsDetail.Operation.PicProcessResult.ObjectName", "<ObjectName>output/out.jpg</ObjectName>"],
      [`${IMG}.Format`, "<Ave>0xc64847</Ave>\n<Format>JPEG</Format>"],
      [`${IMG}.Height`, "<Height>417</Height>"],
      [`${IMG}.Width`, "<Width>500</Width>"],
      [`${PROC}.Size`, "<Size>24911</Size>"],
      [`${PROC}.Height`, "<Height>500</Height>"],
      ["JobsDetail.Input.CosHeaders[1].Key", "<Key>x-cos-request-id</Key>", SEED2],
      ["JobsDetail.Input.CosHeaders[3].Value", "<Value>1024</Value>", SEED2],
      ["JobsDetail.Workflow.RunId", "<RunId>ic90edd59f84f11ec9d4f525400a3c59f</RunId>", SEED2],
      ["JobsDetail.Workflow.Name", "<Name>PicProcess_1581665960537</Name>", SEED2],
    ];
    // Decoded as the one kind: without EventName or Tag, decodeCallback cannot tell the kind (tested below).
    it.each(cases)("%s", (path, remove, body) => {
      const errors = decodeErrors(edit(body ?? SEED1, remove, path === `${IMG}.Format` ? "<Ave>0xc64847</Ave>\n" : ""), undefined, decodePicProcessCallback);
      expectExpectedFound(issue(errors, path, "missing"));
    });
  });

  it("a wrong root element (<Foo>) is 'wrong-root' at the whole body", () => {
    const errors = decodeErrors(SEED1.replace("<Response>", "<Foo>").replace("</Response>", "</Foo>"));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe("wrong-root");
    expect(errors[0]!.path).toBe("");
    expectExpectedFound(errors[0]!);
  });

  it("a small body with a wrong root is 'wrong-root'", () => {
    issue(decodeErrors("<Foo><EventName>TaskFinish</EventName></Foo>"), "", "wrong-root");
  });

  describe("bad integers are 'integer' errors at the leaf's path", () => {
    it.each(["4x7", "", "1.5", "9007199254740993", "99999999999999999999", "-9007199254740993", "0x1A1", "4 17", "1e3"])("Height %j", (text) => {
      const errors = decodeErrors(edit(SEED1, "<Height>417</Height>", `<Height>${text}</Height>`));
      const e = issue(errors, `${IMG}.Height`, "integer");
      expectExpectedFound(e);
    });

    it("a required integer written as an empty element (<Height/>) is an error", () => {
      issue(decodeErrors(edit(SEED1, "<Height>417</Height>", "<Height/>")), `${IMG}.Height`, "integer");
    });

    it("2^53 - 1 is still accepted", () => {
      const r = decode(edit(SEED1, "<Size>24911</Size>", "<Size>9007199254740991</Size>"));
      expect(r.payload.JobsDetail.Operation.PicProcessResult!.ProcessResult!.Size).toBe(9007199254740991);
    });
  });

  it("a leaf holding elements is a 'type' error", () => {
    issue(decodeErrors(edit(SEED1, "<JobId>c93984788066911ed89ed352d4d9d2084</JobId>", "<JobId><A>1</A></JobId>")), "JobsDetail.JobId", "type");
  });

  describe("truncated XML is a 'syntax' error with line and column", () => {
    it.each(["seed-sample-1.xml", "seed-sample-2.xml", "vendor-sample-1.xml", "vendor-sample-2.xml"])("%s cut in half", (name) => {
      const body = sample(name);
      const errors = decodeErrors(body.slice(0, Math.floor(body.length / 2)));
      expect(errors).toHaveLength(1);
      expect(errors[0]!.code).toBe("syntax");
      expect(errors[0]!.path).toBe("");
      expect(errors[0]!.message).toMatch(/line \d+, column \d+/);
    });

    it.each([0.25, 0.75])("seed-sample-2.xml cut at %d", (f) => {
      const errors = decodeErrors(SEED2.slice(0, Math.floor(SEED2.length * f)));
      expect(errors[0]!.code).toBe("syntax");
      expect(errors[0]!.message).toMatch(/line \d+, column \d+/);
    });

    it("cut right after its XML declaration", () => {
      const errors = decodeErrors('<?xml version="1.0" encoding="UTF-8"?>\n');
      expect(errors[0]!.code).toBe("syntax");
      expect(errors[0]!.message).toMatch(/line \d+, column \d+/);
    });
  });

  it("a mismatched closing tag is a 'syntax' error naming the line", () => {
    const errors = decodeErrors("<Response>\n<EventName>TaskFinish</Foo>\n</Response>");
    expect(errors[0]!.code).toBe("syntax");
    expect(errors[0]!.message).toMatch(/line 2, column \d+/);
  });
});

describe("XML: input forms and the format option", () => {
  it("a Uint8Array of a sample decodes the same as the string", () => {
    for (const name of ["seed-sample-1.xml", "seed-sample-2.xml", "vendor-sample-2.xml"]) {
      const text = sample(name);
      expect(decodePic(new TextEncoder().encode(text)).payload).toStrictEqual(decodePic(text).payload);
    }
  });

  it("a Node Buffer (a Uint8Array) decodes the same as the string", () => {
    expect(decodePic(Buffer.from(SEED2, "utf8")).payload).toStrictEqual(decodePic(SEED2).payload);
  });

  it("multi-byte UTF-8 text survives a Uint8Array round trip", () => {
    const body = withUserData("图片处理 ✓ \u{1F600}");
    expect(decodePic(new TextEncoder().encode(body)).payload.JobsDetail.Operation.UserData).toBe("图片处理 ✓ \u{1F600}");
  });

  it("format 'xml' decodes an XML body as detection does", () => {
    expect(decodePic(SEED2, { format: "xml" }).payload).toStrictEqual(decodePic(SEED2).payload);
    expect(decodePicProcessCallbackXml(SEED2).payload).toStrictEqual(decodePic(SEED2).payload);
  });

  it("forcing format 'json' on an XML body fails with 'syntax'", () => {
    const errors = decodeErrors(SEED1, { format: "json" });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe("syntax");
    expect(errors[0]!.path).toBe("");
  });

  it("a body with CRLF line endings decodes like the LF one", () => {
    expect(decodePic(SEED2.replace(/\n/g, "\r\n")).payload).toStrictEqual(decodePic(SEED2).payload);
  });

  it("leading whitespace before the root is tolerated by format detection", () => {
    expect(decodePic("\n  \t" + SEED1).payload).toStrictEqual(decodePic(SEED1).payload);
  });
});
