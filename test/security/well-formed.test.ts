import { describe, expect, it } from "vitest";
import { decodeErrors, decodePic, sample } from "../helpers.js";

/**
 * Well-formed XML, honest text. Bodies that XML 1.0 calls not well-formed are refused with
 * the line and column of the fault; the bytes are read in the encoding the body declares, or
 * refused; empty is absent however it is written.
 */
const XML = sample("seed-sample-2.xml");
const enc = new TextEncoder();
/** The seed with `s` inserted just before <Code> (line 4, column 9 of the seed). */
const beforeCode = (s: string) => XML.replace("<Code>", `${s}<Code>`);
const syntax = (body: string | Uint8Array) => decodeErrors(body).map((e) => `${e.code}: ${e.message}`);

describe("bodies that are not well-formed XML are refused, at the fault", () => {
  // Each case: the body, the text the fault starts at (its first occurrence), and the message.
  it.each([
    ["an XML declaration inside an element", beforeCode("<?xml version='1.0'?>"), "<?xml", "an XML declaration is allowed only at the very start of the body"],
    ["-- inside a comment", beforeCode("<!-- a -- b -->"), "-- b", "-- inside a comment (XML allows it only in the closing -->)"],
    ["a comment ending in --->", beforeCode("<!-- a --->"), "--->", "-- inside a comment"],
    ["< in an attribute value", beforeCode("<P a='x<y'/>"), "<y'", "< inside an attribute value (write it as &lt;)"],
    ["an undeclared entity in an attribute value", beforeCode('<P a="&nbsp;"/>'), "&nbsp;", `"&nbsp;" in an attribute value is not one of &lt; &gt; &amp; &quot; &apos; or a character reference`],
    ["a bare & in an attribute value", beforeCode('<P a="R&D"/>'), "&D", `"&" in an attribute value is not one of`],
    ["an attribute given twice", beforeCode('<P a="1" a="2"/>'), 'a="2"', `the attribute "a" appears twice in <P>`],
    ["attributes without white space between them", beforeCode('<P a="1"b="2"/>'), 'b="2"', "expected white space, > or /> in the start tag <P>"],
    ["an unquoted attribute value", beforeCode("<P a=1/>"), "1/>", "expected a quoted attribute value"],
    ["a declaration with its parts out of order", `<?xml version="1.0" standalone="yes" encoding="UTF-8"?>${XML}`, "<?xml", "malformed XML declaration"],
    ["a declaration without a version", `<?xml encoding="UTF-8"?>${XML}`, "<?xml", "malformed XML declaration"],
    ["a declaration not at the start", `\n<?xml version="1.0"?>${XML}`, "<?xml", "an XML declaration is allowed only at the very start of the body"],
    ["]]> in text", beforeCode("a]]>b"), "]]>", "]]> in text (write it as ]]&gt;)"],
    ["a second root element", `${XML}<Response/>`, "<Response/>", `"<Response/>" after the root element`],
    ["an end tag that closes another element", XML.replace("</Code>", "</Message>"), "</Message>", "expected </Code>, found </Message>"],
  ])("%s", (_, body, fault, message) => {
    const offset = body.indexOf(fault);
    const line = body.slice(0, offset).split("\n").length;
    const column = offset - body.lastIndexOf("\n", offset - 1);
    const errors = syntax(body);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`syntax: the body is not well-formed XML at line ${line}, column ${column}: ${message}`);
  });

  it("what XML allows still decodes: a declaration with encoding and standalone, comments, PIs, CDATA, references", () => {
    const body = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!-- c --><?note x?>${XML.replace("This is my PicProcess job.", "a &lt;&#x41;&#66;<![CDATA[<&>]]><!-- c -->z")}`;
    expect(decodePic(body).payload.JobsDetail.Operation.UserData).toBe("a <AB<&>z");
  });
});

describe("a declared encoding is honoured or refused, never read as UTF-8", () => {
  const declared = (encoding: string, userData: number[]) => {
    const [before, after] = XML.split("This is my PicProcess job.");
    return new Uint8Array([...enc.encode(`<?xml version="1.0" encoding="${encoding}"?>${before}`), ...userData, ...enc.encode(after!)]);
  };
  const userData = (body: Uint8Array) => decodePic(body).payload.JobsDetail.Operation.UserData;

  it("ISO-8859-1: bytes C3 A9 are two characters, Ã© (was: é, read as UTF-8)", () => {
    expect(userData(declared("ISO-8859-1", [0xc3, 0xa9]))).toBe("Ã©");
    expect(userData(declared("latin1", [0xe9]))).toBe("é");
  });
  it("GBK and GB18030", () => {
    expect(userData(declared("GBK", [0xc4, 0xe3, 0xba, 0xc3]))).toBe("你好");
    expect(userData(declared("GB18030", [0xc4, 0xe3]))).toBe("你");
  });
  it("UTF-16 with its byte-order mark, little- and big-endian", () => {
    const text = `<?xml version="1.0" encoding="UTF-16"?>${XML.replace("This is my PicProcess job.", "é😀")}`;
    const le = new Uint8Array(Buffer.from(`\ufeff${text}`, "utf16le"));
    const be = new Uint8Array(le.length);
    for (let i = 0; i < le.length; i += 2) (be[i] = le[i + 1]!), (be[i + 1] = le[i]!);
    expect(userData(le)).toBe("é😀");
    expect(userData(be)).toBe("é😀");
  });
  it("an encoding the platform does not decode is refused with a clear error", () => {
    expect(decodeErrors(declared("x-klingon", [0x41]))).toEqual([expect.objectContaining({ code: "encoding", path: "", message: 'expected a body in UTF-8, UTF-16 or an encoding this platform decodes, found encoding="x-klingon", which it does not' })]);
  });
  it("UTF-16 declared without a byte-order mark, or a declaration that contradicts the mark, is refused", () => {
    expect(decodeErrors(declared("UTF-16", [0x41])).map((e) => e.code)).toEqual(["encoding"]);
    const mismatch = new Uint8Array(Buffer.from(`\ufeff<?xml version="1.0" encoding="GBK"?>${XML}`, "utf16le"));
    expect(decodeErrors(mismatch).map((e) => e.code)).toEqual(["encoding"]);
  });
  it("bytes invalid in the declared encoding are refused, not replaced", () => {
    expect(decodeErrors(declared("GBK", [0x81])).map((e) => e.code)).toEqual(["encoding"]);
    expect(decodeErrors(declared("UTF-8", [0xff])).map((e) => e.code)).toEqual(["encoding"]);
  });
});

describe("empty is absent however it is written; nothing is dropped silently", () => {
  const workflow = /<Workflow>[\s\S]*<\/Workflow>/;
  it("<Workflow> </Workflow>, <Workflow><![CDATA[ ]]></Workflow> and <Workflow/> decode alike", () => {
    const models = ["<Workflow> </Workflow>", "<Workflow><![CDATA[ ]]></Workflow>", "<Workflow/>", ""].map((w) => decodePic(XML.replace(workflow, w)).payload);
    expect(models[0]!.JobsDetail.Workflow).toBeUndefined();
    for (const m of models) expect(m).toEqual(models[3]);
  });
  it("<CosHeaders/> is no item, like <CosHeaders> </CosHeaders> and no element at all", () => {
    const first = /<CosHeaders>[\s\S]*?<\/CosHeaders>/;
    const models = ["<CosHeaders/>", "<CosHeaders> </CosHeaders>", "<CosHeaders><![CDATA[]]></CosHeaders>", ""].map((w) => decodePic(XML.replace(first, w)).payload);
    for (const m of models) expect(m).toEqual(models[3]);
  });
  it("attributes and stray text inside an unknown element are reported, not dropped silently", () => {
    const { payload, warnings } = decodePic(beforeCode('<Extra kind="x">stray<Inner>v</Inner></Extra>'));
    expect((payload.JobsDetail as unknown as Record<string, unknown>)["Extra"]).toEqual({ Inner: "v" });
    expect(warnings.map((w) => [w.code, w.path])).toEqual([
      ["attribute", "JobsDetail.Extra.@kind"],
      ["mixed-content", "JobsDetail.Extra"],
      ["unknown-field", "JobsDetail.Extra"],
    ]);
  });
  it("namespace declarations are not unknown data", () => {
    expect(decodePic(XML.replace("<Response>", '<Response xmlns="urn:x" xmlns:ci="urn:ci">')).warnings).toEqual([]);
  });
  it("a self-closing element counts toward maxDepth, as it does when re-encoded (depth 65 decoded once and then failed to round-trip)", () => {
    // <Response><JobsDetail> are depths 1 and 2: 62 more open elements and one self-closing one make 65.
    const body = beforeCode(`${"<a>".repeat(62)}<b/>${"</a>".repeat(62)}`);
    expect(decodeErrors(body).map((e) => e.code)).toEqual(["too-deep"]);
    expect(decodePic(beforeCode(`${"<a>".repeat(61)}<b/>${"</a>".repeat(61)}`)).warnings.map((w) => w.code)).toEqual(["unknown-field"]);
  });
  it("CR LF and a lone CR in text are read as LF (XML end-of-line handling)", () => {
    expect(decodePic(XML.replace("This is my PicProcess job.", "a\r\nb\rc")).payload.JobsDetail.Operation.UserData).toBe("a\nb\nc");
  });
});
