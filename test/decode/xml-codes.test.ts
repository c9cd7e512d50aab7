import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decodeCallback } from "../../generated/src/index.js";
import { setCodesWindow } from "../../generated/src/runtime/xml-parse.js";
import { useScanner } from "../../generated/src/runtime/xml-scan.js";
import { seeds } from "../fuzz/corpus.js";
import { mutatedXml } from "../fuzz/mutate.js";
import { kinds } from "../kinds.js";
import { difference } from "./assertions.js";

/**
 * The XML reader compares names and white space on the body's bytes when the body is all ASCII
 * (it asks TextEncoder's encodeInto for them), and with charCodeAt otherwise. Both ways must
 * read every body alike: the same model, the same errors and warnings, at the same lines and
 * columns. Here each body is decoded both ways, the bytes being refused by making encodeInto
 * report that it wrote nothing (which is what the reader takes for a body it cannot use). The
 * scanner (xml-scan.ts), which reads most ASCII bodies before the reader would, is off here:
 * test/decode/xml-scan.test.ts holds it to the reader.
 */
const realEncodeInto = TextEncoder.prototype.encodeInto;
let encodeIntoCalls = 0;
let wholeBodies = 0;
let charsEncoded = 0;
function countingEncodeInto(this: TextEncoder, source: string, destination: Uint8Array) {
  encodeIntoCalls++;
  charsEncoded += source.length;
  const r = realEncodeInto.call(this, source, destination);
  if (r.read === source.length && r.written === source.length) wholeBodies++;
  return r;
}
const refused = () => ({ read: 0, written: 0 });

beforeEach(() => useScanner(false));
afterEach(() => {
  TextEncoder.prototype.encodeInto = realEncodeInto;
  setCodesWindow();
  useScanner();
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
      const d = difference(text, ["bytes", "chars"], ...decodeBoth(text, seed.kind));
      if (d !== undefined) {
        differ++;
        if (examples.length < 3) examples.push(d);
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

  it("text beside elements, every ASCII character at each place of runs of 1 to 9: kept (mixed content) alike both ways, exactly when it is not white space", () => {
    // Between two leaves of the seed's Input: white space there is dropped, anything else is text beside elements.
    const seed = readFileSync(new URL("../../spec/samples/pic-process-callback/seed-sample-2.xml", import.meta.url), "utf8");
    const at = seed.indexOf("</Object>") + "</Object>".length;
    expect(seed.slice(at, at + 9)).toBe("\n<Region>");
    let kept = 0;
    let checked = 0;
    for (let c = 9; c < 127; c++) {
      if (c < 32 && c !== 9 && c !== 10 && c !== 13) continue; // controls: refused before any text is read (the test above)
      for (let length = 1; length <= 9; length++) {
        for (let place = 0; place < length; place++) {
          for (let pad = 0; pad < 4; pad++) {
            // `pad` shifts the run against the body's words.
            const run = " ".repeat(place) + String.fromCharCode(c) + "\n".repeat(length - place - 1);
            const text = "<!--" + "x".repeat(pad) + "-->" + seed.slice(0, at) + run + seed.slice(at + 1);
            const [bytes, chars] = decodeBoth(text, undefined);
            expect(bytes).toEqual(chars);
            if (c === 60 || c === 38) continue; // < and & are markup: refused both ways, as compared above
            const mixed = JSON.stringify(bytes).includes('"mixed-content"');
            expect(mixed, `${JSON.stringify(run)} after ${pad} characters`).toBe(c !== 32 && c !== 9 && c !== 10 && c !== 13);
            if (mixed) kept++;
            checked++;
          }
        }
      }
    }
    // 9 to 126 but 20 controls, < and &: 96 characters, in 45 places of runs, after 4 paddings.
    expect(checked).toBe(96 * 45 * 4);
    expect(kept).toBe(checked - 4 * 45 * 4);
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

/**
 * A body longer than the reader's window of bytes (256 K characters) is checked window by
 * window, then read through a window that moves forward as the reader goes. The window is made
 * 64 or 68 characters here, so that every sample spans many, and must read every body as
 * charCodeAt does; and it may encode each body at most three times over, whatever its shape.
 */
describe("the XML reader's window of bytes, for bodies longer than it", () => {
  /**
   * The array of bytes is kept from body to body: a body of spaces read first leaves spaces past
   * the window's end, where a reader reading past it would find white space that is not there.
   */
  const poison = () => {
    setCodesWindow();
    // (Not a callback: refused, after its bytes were read.)
    expect(() => decodeCallback(`<Response>${" ".repeat(6000)}</Response>`)).toThrow("payload kind");
  };
  /** Decodes both ways with the window set to `chars`; the characters encoded for the bytes' reading, per character of the body. */
  const windowed = (chars: number, text: string, kind: string | undefined): number => {
    poison();
    setCodesWindow(chars);
    charsEncoded = 0;
    const [bytes, chars_] = decodeBoth(text, kind);
    expect(bytes).toEqual(chars_);
    return charsEncoded / text.length;
  };

  it.each([64, 68])("every XML sample, the window %i characters: the same result as with charCodeAt, encoded at most 3 times over", (chars) => {
    let ascii = 0;
    for (const seed of xmlSeeds) {
      const encoded = windowed(chars, seed.text, seed.kind);
      expect(encoded).toBeLessThanOrEqual(3);
      // An ASCII body's windows were moved through: more than the first check's once over (the samples are all longer than 2 windows).
      expect(seed.text.length).toBeGreaterThan(2 * chars);
      if (/^[\0-\x7f]*$/.test(seed.text)) {
        expect(encoded).toBeGreaterThan(1.5);
        ascii++;
      }
    }
    expect(ascii).toBeGreaterThan(xmlSeeds.length / 2);
  });

  it("1,000 mutations, the window 64 characters: the same result both ways", () => {
    const examples: string[] = [];
    let worst = 0;
    for (const { seed, text } of mutatedXml(seeds(), 20261201, 1000, 200_000)) {
      poison();
      setCodesWindow(64);
      charsEncoded = 0;
      const d = difference(text, ["bytes", "chars"], ...decodeBoth(text, seed.kind));
      if (d !== undefined && examples.length < 3) examples.push(d);
      worst = Math.max(worst, (charsEncoded - 64) / text.length);
    }
    expect(examples).toEqual([]);
    expect(worst).toBeLessThanOrEqual(3);
  });

  it("a character XML refuses in any window, at any place in a word: refused alike both ways", () => {
    setCodesWindow(64);
    const seed = xmlSeeds.find((s) => s.kind === undefined)!.text.trimEnd();
    const at = seed.lastIndexOf("</");
    for (let shift = 0; shift < 8; shift++) {
      for (const c of [0, 1, 0x1f]) {
        const text = seed.slice(0, at) + "<!--" + "x".repeat(shift) + String.fromCharCode(c) + "-->" + seed.slice(at);
        expect(text.indexOf(String.fromCharCode(c))).toBeGreaterThan(4 * 64);
        windowed(64, text, undefined);
        // ... and a syntax error before it does not hide it, either way.
        const broken = text.replace("<", "<<");
        const [bytes] = decodeBoth(broken, undefined);
        expect(JSON.stringify(bytes)).toContain("is not a character XML allows");
      }
    }
  });

  it("text runs just under half a window, names and end tags across window ends: encoded at most 3 times over", () => {
    const run = (n: number) => " ".repeat(n);
    for (const chars of [64, 128, 1024]) {
      for (const n of [chars / 2 - 9, chars / 2 - 1, chars / 2, chars / 2 + 1, chars - 3]) {
        const items = Array.from({ length: 200 }, (_, k) => `${run(n)}<Key${k % 7}>${run(k % 5)}v</Key${k % 7}>${run(n - (k % 3))}`).join("");
        const text = `<Response>${items}<Element>${run(n)}</Element></Response>`;
        expect(windowed(chars, text, undefined)).toBeLessThanOrEqual(3);
      }
    }
  });

  it("text beside elements that ends in other characters near a window's end: kept and reported, not taken for white space", () => {
    const seed = readFileSync("spec/samples/pic-process-callback/seed-sample-2.xml", "utf8");
    const at = seed.indexOf("<Input>") + "<Input>".length;
    for (let shift = 0; shift < 80; shift++) {
      const text = `${seed.slice(0, at)}${" ".repeat(shift)}<Extra/>${" ".repeat(40)}xy${seed.slice(at)}`;
      windowed(64, text, undefined);
      setCodesWindow(64);
      expect(decodeCallback(text).warnings.map((w) => w.code)).toContain("mixed-content");
    }
  });

  it("a ~1 MB body at the default window: the same result both ways, every window read as bytes, at most 3 times over", () => {
    const seed = readFileSync("spec/samples/pic-process-callback/seed-sample-2.xml", "utf8");
    const item = /<CosHeaders>[\s\S]*?<\/CosHeaders>/.exec(seed)![0];
    const big = seed.replace(item, item.repeat(Math.ceil(1.2e6 / item.length)));
    expect(big.length).toBeGreaterThan(4 * 2 ** 18);
    wholeBodies = 0;
    encodeIntoCalls = 0;
    charsEncoded = 0;
    const [bytes, chars] = decodeBoth(big, undefined);
    expect(bytes).toEqual(chars);
    expect(wholeBodies).toBe(encodeIntoCalls);
    expect(charsEncoded / big.length).toBeGreaterThan(1.9);
    expect(charsEncoded / big.length).toBeLessThanOrEqual(3);
  });
});
