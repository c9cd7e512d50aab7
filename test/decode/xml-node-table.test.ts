import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeCallback } from "../../generated/src/index.js";
import { DecodeContext } from "../../generated/src/runtime/context.js";
import { resolveOptions } from "../../generated/src/runtime/options.js";
import { parseXml } from "../../generated/src/runtime/xml-parse.js";
import { documentOf, SPARE_NODES } from "../../generated/src/runtime/xml-document.js";

/**
 * The XML reader's node table (xml-document.ts): 12 bytes a node, where a text ends found
 * again when it is read. A body too long for the spare table has its table sized by its count
 * of `<`, made in the pass that checks its characters, four bytes at a time: half the count,
 * plus 16.
 */
const seed = readFileSync(new URL("../../spec/samples/pic-process-callback/seed-sample-2.xml", import.meta.url), "utf8");
const item = /<CosHeaders>[\s\S]*?<\/CosHeaders>/.exec(seed)![0];
const grown = (times: number, each = item) => seed.replace(item, each.repeat(times));
const count = (s: string, ch: string) => s.split(ch).length - 1;

/** The reader's document of `xml`: its number of nodes and its table's room, released after. */
function table(xml: string): { nodes: number; room: number } {
  const ctx = new DecodeContext(resolveOptions({ maxItems: 1e6 }));
  const root = parseXml(xml, ctx);
  expect(root, JSON.stringify(ctx.errors.slice(0, 2))).toBe(0);
  const doc = documentOf(ctx);
  const out = { nodes: doc.length, room: doc.room };
  doc.release();
  return out;
}

describe("the node table of a long body is sized by its count of <", () => {
  // Every alignment of the `<` in the words, and a tail of 0 to 3 bytes past the last word.
  it.each([0, 1, 2, 3, 5, 6, 7])("items padded by %i spaces", (pad) => {
    const each = item.replace("<Key>", " ".repeat(pad) + "<Key>");
    const xml = grown(3000, each) + " ".repeat(pad);
    expect(xml.length >> 4).toBeGreaterThan(SPARE_NODES);
    const { nodes, room } = table(xml);
    expect(room).toBe((count(xml, "<") >> 1) + 16);
    expect(nodes).toBeLessThanOrEqual(room);
    // These bodies have no text beside elements and no empty-element tags: room for their nodes and 16 more.
    expect(room - nodes).toBeLessThanOrEqual(16);
  });

  it("grows when a body holds more nodes than half its <, and reads it whole", () => {
    // Empty-element tags (one < each) and text beside elements (a node with no < of its own).
    const each = "<CosHeaders><Key>k</Key><Value/></CosHeaders>";
    const xml = grown(12_000, each);
    const { nodes, room } = table(xml);
    expect(nodes).toBeGreaterThan((count(xml, "<") >> 1) + 16);
    expect(room).toBeGreaterThanOrEqual(nodes);
    const r = decodeCallback(xml, { maxItems: 1e6 });
    const headers = (r.payload as { JobsDetail: { Input?: { CosHeaders?: unknown[] } } }).JobsDetail;
    expect(JSON.stringify(headers).split('"Key":"k"').length - 1).toBe(12_000);
  });

  // A table is made before the body is read: a body with many `<` and few nodes must not get one bigger than the estimate.
  it.each([
    ["comments", "<!---->"],
    ["processing instructions", "<?p?>"],
  ])("starts no bigger than one node in 16 characters for a body of %s", (_, each) => {
    const xml = `<r>${each.repeat(100_000)}</r>`;
    const { nodes, room } = table(xml);
    expect(nodes).toBe(1);
    expect(room).toBeLessThanOrEqual(xml.length >> 4);
    expect(room).toBeLessThan((count(xml, "<") >> 1) + 16);
  });

  it("keeps next siblings right through leaves, containers, text and CDATA beside elements", () => {
    const xml = `<a><b>1</b><c><d/>x<![CDATA[y]]><e>2</e></c>z<f/><g><h>3</h></g></a>`;
    const ctx = new DecodeContext(resolveOptions({}));
    parseXml(xml, ctx);
    const doc = documentOf(ctx);
    const shape = (el: number): unknown[] => {
      const out: unknown[] = [];
      for (let c = doc.firstChild(el as never); c >= 0; c = doc.nextSibling(c)) {
        if (doc.isElement(c)) out.push({ [doc.name(c)]: doc.firstChild(c) >= 0 ? shape(c) : doc.raw(c) });
        else out.push(doc.isCdata(c) ? `cdata:${doc.raw(c)}` : `text:${doc.raw(c)}`);
      }
      return out;
    };
    expect(shape(0)).toEqual([{ b: "1" }, { c: [{ d: "" }, "text:x", "cdata:y", { e: "2" }] }, "text:z", { f: "" }, { g: [{ h: "3" }] }]);
    doc.release();
  });
});
