import { isDeepStrictEqual } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { decodeCallback } from "../../generated/src/index.js";
import { seeds } from "../fuzz/corpus.js";
import { mutatedXml } from "../fuzz/mutate.js";
import { kinds } from "../kinds.js";

/**
 * The XML reader compares names and white space on the body's bytes when the body is all ASCII
 * (it asks TextEncoder's encodeInto for them), and with charCodeAt otherwise. Both ways must
 * read every body alike: the same model, the same errors and warnings, at the same lines and
 * columns. Here each body is decoded both ways, the bytes being refused by making encodeInto
 * report that it wrote nothing (which is what the reader takes for a body it cannot use).
 */
const realEncodeInto = TextEncoder.prototype.encodeInto;
let encodeIntoCalls = 0;
let wholeBodies = 0;
function countingEncodeInto(this: TextEncoder, source: string, destination: Uint8Array) {
  encodeIntoCalls++;
  const r = realEncodeInto.call(this, source, destination);
  if (r.read === source.length && r.written === source.length) wholeBodies++;
  return r;
}
const refused = () => ({ read: 0, written: 0 });

afterEach(() => {
  TextEncoder.prototype.encodeInto = realEncodeInto;
});

const byKind = new Map(kinds().map((k) => [k.name, k]));
function decodeBoth(text: string, kind: string | undefined): [unknown, unknown] {
  const decode = (): unknown => {
    try {
      const r = kind === undefined ? decodeCallback(text) : byKind.get(kind)!.decode(text);
      return r;
    } catch (e) {
      return { thrown: (e as Error).message, issues: (e as { issues?: unknown }).issues };
    }
  };
  TextEncoder.prototype.encodeInto = countingEncodeInto;
  const withBytes = decode();
  TextEncoder.prototype.encodeInto = refused;
  const withChars = decode();
  TextEncoder.prototype.encodeInto = realEncodeInto;
  return [withBytes, withChars];
}

const xmlSeeds = seeds().filter((s) => s.format === "xml");

describe("the XML reader reads a body alike on its bytes and with charCodeAt", () => {
  it.each(xmlSeeds.map((s) => [s.name, s] as const))("%s", (_, seed) => {
    const [bytes, chars] = decodeBoth(seed.text, seed.kind);
    expect(bytes).toEqual(chars);
  });

  it("3,000 mutations of the XML samples (valid, broken, hostile): the same result both ways", () => {
    encodeIntoCalls = 0;
    wholeBodies = 0;
    const all = seeds();
    let differ = 0;
    const examples: string[] = [];
    for (const { seed, text } of mutatedXml(all, 20261130, 3000, 200_000)) {
      const [bytes, chars] = decodeBoth(text, seed.kind);
      if (!isDeepStrictEqual(bytes, chars)) {
        differ++;
        if (examples.length < 3) examples.push(`${JSON.stringify(text.slice(0, 300))}\nbytes: ${JSON.stringify(bytes).slice(0, 400)}\nchars: ${JSON.stringify(chars).slice(0, 400)}`);
      }
    }
    expect(examples).toEqual([]);
    expect(differ).toBe(0);
    // Most mutated bodies are still ASCII, so the bytes were read for them: the comparison is not vacuous.
    expect(wholeBodies).toBeGreaterThan(1500);
    expect(encodeIntoCalls).toBeGreaterThanOrEqual(wholeBodies);
  });

  it("every C0 control, in each byte of a 4-byte word and in the tail past the last word: refused alike both ways, but tab, LF and CR", () => {
    const seed = xmlSeeds.find((s) => s.kind === undefined)!.text.trimEnd();
    const at = seed.indexOf("</", seed.indexOf(">", seed.indexOf("<", 1)) + 1);
    let refusedBoth = 0;
    for (let c = 0; c < 32; c++) {
      for (let lane = 0; lane < 4; lane++) {
        // A comment, so that the control is the only thing that can be wrong; placed so that it falls in each lane.
        const pad = "x".repeat((lane - ((at + 4) % 4) + 4) % 4);
        const text = seed.slice(0, at) + "<!--" + pad + String.fromCharCode(c) + "-->" + seed.slice(at);
        expect((at + 4 + pad.length) % 4).toBe(lane);
        const [bytes, chars] = decodeBoth(text, undefined);
        expect(bytes).toEqual(chars);
        const refused = JSON.stringify(bytes).includes("is not a character XML allows");
        expect(refused).toBe(c !== 9 && c !== 10 && c !== 13);
        if (refused) refusedBoth++;
      }
      // In the last bytes of the body, after its last whole word.
      for (const tail of [1, 2, 3]) {
        const end = String.fromCharCode(c) + " ".repeat(tail - 1);
        const base = seed + " ".repeat((4 - (seed.length % 4)) % 4);
        const text = base + end;
        expect(text.length % 4).toBe(tail);
        const [bytes, chars] = decodeBoth(text, undefined);
        expect(bytes).toEqual(chars);
        expect(JSON.stringify(bytes).includes("is not a character XML allows")).toBe(c !== 9 && c !== 10 && c !== 13);
      }
    }
    expect(refusedBoth).toBe(29 * 4);
  });

  it("a body that is not all ASCII is read with charCodeAt, and a shorter body after a longer one reads none of its bytes", () => {
    const seed = xmlSeeds.find((s) => s.kind === undefined)!;
    const beforeRootEnd = (s: string, insert: string) => s.replace(/(<\/[A-Za-z]+>)\s*$/, `${insert}$1`);
    const long = beforeRootEnd(seed.text, "<!--" + "x".repeat(5000) + "-->");
    const chinese = beforeRootEnd(seed.text, "<!--处理成功-->");
    const cut = seed.text.slice(0, seed.text.lastIndexOf("</"));
    expect(long).toContain("x".repeat(5000));
    expect(chinese).toContain("<!--处理成功-->");
    const asciiBodies = (text: string) => {
      wholeBodies = 0;
      const [bytes, chars] = decodeBoth(text, undefined);
      expect(bytes).toEqual(chars);
      return wholeBodies;
    };
    expect([long, chinese, cut, cut + "</", long, cut.slice(0, -3)].map(asciiBodies)).toEqual([1, 0, 1, 1, 1, 1]);
    expect(decodeCallback(chinese).payload).toEqual(decodeCallback(seed.text).payload);
  });

});
