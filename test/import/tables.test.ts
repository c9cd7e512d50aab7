import { describe, expect, it } from "vitest";
import { readBlocks } from "../../generator/import/markdown-blocks.js";
import { walkSections } from "../../generator/import/sections.js";

const page = (md: string) => walkSections(readBlocks(md));

describe("node tables in every layout of the vendor pages", () => {
  it("reads Node / Parent / Description / Type / Required, with Yes and No", () => {
    const s = page(`
\`Request\` has the following sub-nodes:

| Node Name (Keyword) | Parent Node | Description | Type | Required |
| :--- | :--- | :--- | :--- | :--- |
| Tag | Request | Kind | String | Yes |
| \`Input\` | Request | Where | Container | No |
`);
    expect(s.tables).toHaveLength(1);
    expect(s.tables[0]!.lead).toEqual(["Request"]);
    expect(s.tables[0]!.rows.map((r) => [r.node, r.parent, r.type, r.required])).toEqual([
      ["Tag", "Request", "String", true],
      ["Input", "Request", "Container", false],
    ]);
  });

  it("reads tables without a Parent column and keeps the names of the heading above them", () => {
    const s = page(`
\`PornInfo\`, \`AdsInfo\`, and \`AbuseInfo\` have the following sub-nodes:

| Node Name (Keyword) | Description | Type |
| :--- | :--- | :--- |
| HitFlag | Hit or not | Integer |
`);
    expect(s.tables[0]!.lead).toEqual(["PornInfo", "AdsInfo", "AbuseInfo"]);
    expect(s.tables[0]!.rows[0]).toMatchObject({ node: "HitFlag", parent: undefined, type: "Integer", required: undefined });
  });

  it("reads the moderation layout (Parameter | Description | Type | Required) and 'is as described below'", () => {
    const s = page(`
\`data\` is as described below:

| Parameter | Description | Type | Required |
| :--- | :--- | :--- | :--- |
| trace_id | An ID | String | Yes |
`);
    expect(s.tables[0]!.lead).toEqual(["data"]);
    expect(s.tables[0]!.rows[0]).toMatchObject({ node: "trace_id", required: true });
  });

  it("takes a 'Same as' line under a heading as a reference, and a row's 'Same as ... in the request' as a same-page one", () => {
    const s = page(`
\`JobsDetail\` has the following sub-nodes:
<a href="x" target="_blank">Same as \`Response.JobsDetail\` in the transcoding job submitting API.</a>

| Node Name (Keyword) | Parent Node | Description | Type |
| :--- | :--- | :--- | :--- |
| Output | Response.JobsDetail.Operation | Same as \`Request.Operation.Output\` in the request. | Container |
`);
    expect(s.references).toEqual([expect.objectContaining({ names: ["JobsDetail"], target: "Response.JobsDetail" })]);
    expect(s.tables[0]!.lead).toEqual([]);
    expect(s.tables[0]!.rows[0]!.reference).toEqual(expect.objectContaining({ target: "Request.Operation.Output", samePage: true }));
  });

  it("turns 'X will also contain a Y node of the container array type' into a row", () => {
    const s = page("**If a workflow started the job, `Response.JobsDetail.Input` will also contain a `CosHeaders` node of the container array type.**");
    expect(s.sentences).toEqual([expect.objectContaining({ parent: "Response.JobsDetail.Input", row: expect.objectContaining({ node: "CosHeaders", type: "Container Array" }) })]);
  });

  it("skips rows whose node cell is not an element name, and tables that are not node tables", () => {
    const s = page(`
| Node Name (Keyword) | Parent Node | Description | Type |
| --- | --- | --- | --- |
| x-cos-meta-* | Response | Headers | String |
| Ok | Response | Fine | String |

| Error code | Meaning |
| --- | --- |
| 400 | Bad |
`);
    expect(s.tables).toHaveLength(1);
    expect(s.tables[0]!.rows.map((r) => r.node)).toEqual(["Ok"]);
    expect(s.tables[0]!.skipped).toEqual([expect.objectContaining({ cell: "x-cos-meta-*" })]);
  });

  it("finds the samples: fenced XML and JSON bodies, and the body of an HTTP message", async () => {
    const { extractSamples } = await import("../../generator/import/samples.js");
    const s = page("## Samples\n\n```shell\nPOST /jobs HTTP/1.1\nHost: x\n\n<Request><Tag>A</Tag></Request>\n```\n\n```plaintext\n{\"a\": 1,}\n```\n");
    const samples = extractSamples(s.codes);
    expect(samples.map((x) => [x.format, x.rootName, x.line])).toEqual([
      ["xml", "Request", 7],
      ["json", undefined, 11],
    ]);
    expect(samples[1]!.fault).toMatch(/line 1, column 9: a trailing comma/);
  });
});

describe("the 'Content of `X`:' layout of the persistent-processing page", () => {
  it("takes the names after 'Content of' as the lead", () => {
    const s = page(" Content of `OriginalInfo`:\n\n| Node Name | Type | Description |\n| --- | --- | --- |\n| Key | String | Name |\n");
    expect(s.tables[0]!.lead).toEqual(["OriginalInfo"]);
    expect(s.tables[0]!.rows[0]).toMatchObject({ node: "Key", type: "String" });
  });
});
