import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { decodeCallback, type DecodeOptions } from "../../generated/src/index.js";
import { KEPT_MEMORY, SCAN_DEPTH, SCAN_MAX, scannerMemory, scanRoot, useScanner } from "../../generated/src/runtime/xml-scan.js";
import { DEFAULT_LIMITS } from "../../generated/src/runtime/options.js";
import { knownName, knownNameCount } from "../../generated/src/runtime/xml-document.js";
import { seeds } from "../fuzz/corpus.js";
import { difference } from "./assertions.js";
import { mutatedXml } from "../fuzz/mutate.js";
import { kinds } from "../kinds.js";

/**
 * The scanner (xml-scan.ts, a WebAssembly function) reads most ASCII bodies before the reader
 * would, and declines the rest, which the reader then reads from the start. Either way a body
 * must decode to the same result: the same model, warnings and errors, at the same lines and
 * columns. Each body here is decoded with the scanner and without it; and the scanner is shown
 * to take the bodies it is for, so that the comparisons are not vacuous.
 */
afterEach(() => useScanner());

const ROOT = join(import.meta.dirname, "../..");
const byKind = new Map(kinds().map((k) => [k.name, k]));
function decode(text: string, kind: string | undefined, options?: DecodeOptions): unknown {
  try {
    return kind === undefined ? decodeCallback(text, options) : byKind.get(kind)!.decode(text, options);
  } catch (e) {
    return { thrown: (e as Error).message, issues: (e as { issues?: unknown }).issues };
  }
}
function both(text: string, kind?: string, options?: DecodeOptions): [unknown, unknown] {
  useScanner(true);
  const scanned = decode(text, kind, options);
  useScanner(false);
  const read = decode(text, kind, options);
  useScanner(true);
  return [scanned, read];
}
const limits: { maxDepth: number; maxItems: number; maxNodes: number; maxTextLength: number } = { maxDepth: DEFAULT_LIMITS.maxDepth, maxItems: DEFAULT_LIMITS.maxItems, maxNodes: DEFAULT_LIMITS.maxNodes, maxTextLength: DEFAULT_LIMITS.maxTextLength };
/** The root's `<` (after a declaration and white space). */
const rootAt = (xml: string) => xml.search(/<[^?!]/);
const takes = (xml: string, options = limits) => scanRoot(xml, rootAt(xml), options) !== undefined;

const xmlSeeds = seeds().filter((s) => s.format === "xml");
const seed = readFileSync(join(ROOT, "spec/samples/pic-process-callback/seed-sample-2.xml"), "utf8");

describe("the scanner decodes every XML sample as the reader does", () => {
  it.each(xmlSeeds.map((s) => [s.name, s] as const))("%s", (_, s) => {
    const [scanned, read] = both(s.text, s.kind);
    expect(scanned).toEqual(read);
  });

  it("takes the samples it is for: well-formed, every element one the spec knows, no attribute, comment, CDATA or processing instruction in the root", () => {
    const plain = xmlSeeds.filter((s) => {
      if (/<[!?]|<[A-Za-z][^<>]*\s[A-Za-z][^<>]*=/.test(s.text.slice(rootAt(s.text)))) return false;
      useScanner(false);
      const read = decode(s.text, s.kind) as { thrown?: string; warnings?: { code: string }[] };
      useScanner(true);
      // (Elements of an opaque node are kept without a warning, and their names are not the spec's.)
      const known = new Set(Array.from({ length: knownNameCount() }, (_, id) => knownName(id)));
      return read.thrown === undefined && [...s.text.matchAll(/<\/?([^\s/>!?]+)/g)].every((m) => known.has(m[1]!));
    });
    expect(plain.length).toBeGreaterThan(60);
    expect(plain.filter((s) => !takes(s.text)).map((s) => s.name).join("\n")).toEqual("");
    expect(takes(seed)).toBe(true);
    // Past ASCII too (the speech recognition samples' Chinese text).
    expect(plain.filter((s) => /[^\x00-\x7f]/.test(s.text)).length).toBeGreaterThan(0);
  });
});

describe("the scanner against the reader on bodies made to be declined", () => {
  it("3,000 mutations of the XML samples (valid, broken, hostile): the same result both ways", () => {
    let differ = 0;
    let taken = 0;
    const examples: string[] = [];
    for (const { seed: s, text } of mutatedXml(seeds(), 20261201, 3000, 200_000)) {
      if (rootAt(text) >= 0 && text.length <= SCAN_MAX && takes(text)) taken++;
      const d = difference(text, ["scanned", "read"], ...both(text, s.kind));
      if (d !== undefined) {
        differ++;
        if (examples.length < 3) examples.push(d);
      }
    }
    expect(examples).toEqual([]);
    expect(differ).toBe(0);
    // Many mutated bodies are still ones the scanner takes: the comparison covers its work, not only its declining.
    expect(taken).toBeGreaterThan(500);
  });

  // Each an edit of the seed: what it does, and the text it puts in place of the seed's first <Code>Success</Code>.
  const edits: [string, string][] = [
    ["an attribute", '<Code a="1">Success</Code>'],
    ["white space before >", "<Code >Success</Code>"],
    ["white space in the end tag", "<Code>Success</Code >"],
    ["a self-closing element", "<Code/>"],
    ["a self-closing element with white space", "<Code \n/>"],
    ["an empty element", "<Code></Code>"],
    ["white space alone", "<Code>  \n </Code>"],
    ["a comment inside", "<Code><!-- c -->Success</Code>"],
    ["a CDATA section", "<Code><![CDATA[Success]]></Code>"],
    ["a processing instruction", "<Code><?pi x?>Success</Code>"],
    ["references", "<Code>S&amp;u&#99;&#x63;ess</Code>"],
    ["a bad reference", "<Code>S&bogus;</Code>"],
    ["]]> in text", "<Code>Succ]]>ess</Code>"],
    ["]] then > apart", "<Code>Succ]] >ess</Code>"],
    ["> in text", "<Code>a > b</Code>"],
    ["a name the spec does not know", "<Codex>Success</Codex>"],
    ["a prefix of a known name", "<Cod>Success</Cod>"],
    ["a mismatched end tag", "<Code>Success</Coda>"],
    ["an end tag of the wrong length", "<Code>Success</Codes>"],
    ["text beside elements", "x<Code>Success</Code>y"],
    ["an element in a leaf", "<Code><Code>Success</Code></Code>"],
    ["< and a space", "<Code>< Success</Code>"],
    ["a name starting with a digit", "<1Code>Success</1Code>"],
    ["= after a name", "<Code=>Success</Code>"],
    ["a tab, LF and CR in text", "<Code>Su\tc\nc\r\ness</Code>"],
    ["a control character in text", "<Code>Succ\u0001ess</Code>"],
    ["a control character in a name", "<Co\u0002de>Success</Co\u0002de>"],
    ["a character past ASCII", "<Code>Succès</Code>"],
    ["a lone surrogate", "<Code>Succ\uD800ess</Code>"],
    ["characters of two, three and four bytes, and the leaves after them", "<Code>é中😀x😀</Code>"],
    ["U+FFFE in text", "<Code>Succ\uFFFEess</Code>"],
    ["U+FFFF in text", "<Code>Succ\uFFFFess</Code>"],
    ["text past ASCII beside elements", "中<Code>Success</Code>😀"],
    ["a name past ASCII", "<Codé>Success</Codé>"],
  ];
  it.each(edits)("%s: the same result both ways", (_, edit) => {
    const text = seed.replace("<Code>Success</Code>", edit);
    expect(text).not.toBe(seed);
    const [scanned, read] = both(text);
    expect(scanned).toEqual(read);
    // Taken, it ends where the root does, in the string's code units (a count off there would send the body to the reader, unseen above).
    const scan = scanRoot(text, rootAt(text), limits);
    if (scan !== undefined) expect(scan.end).toBe(text.lastIndexOf("</Response>") + "</Response>".length);
  });

  it("past ASCII, taken: every text of the table starts where the reader's does", () => {
    const text = seed.replace("<Code>Success</Code>", "<Code>é中😀x😀</Code>").replace("TaskFinish", "任务😀完成");
    const scan = scanRoot(text, rootAt(text), limits)!;
    expect(scan).toBeDefined();
    const starts = [...scan.nodes].filter((_, k) => k % 3 === 1 && scan.nodes[k]! >= 0);
    const texts = starts.map((s) => text.slice(s, text.indexOf("<", s)));
    expect(texts.slice(0, 3)).toEqual(["任务😀完成", "é中😀x😀", "2022-07-18T15:16:43+0800"]);
    expect(texts.every((t) => !t.includes(">"))).toBe(true);
  });

  it.each([
    ["no root element", ""],
    ["white space only", "  \n"],
    ["a declaration", `<?xml version="1.0" encoding="UTF-8"?>\n${seed}`],
    ["a bad declaration", `<?xml version="2.0"?>${seed}`],
    ["a comment before the root", `<!-- c -->\n${seed}`],
    ["a control character in a comment before the root", `<!-- \u0001 -->\n${seed}`],
    ["a comment after the root", `${seed}<!-- c -->\n`],
    ["a comment past ASCII before the root", `<!-- 中文 -->\n${seed.replace("Success", "成功")}`],
    ["a comment past ASCII after the root", `${seed.replace("Success", "成功")}<!-- 😀 -->\n`],
    ["a control character after a root past ASCII", `${seed.replace("Success", "成功")}\u0003`],
    ["a control character after the root", `${seed}\u0003`],
    ["text after the root", `${seed}x`],
    ["a second root", `${seed}${seed}`],
    ["a DOCTYPE", `<!DOCTYPE Response>${seed}`],
    ["a self-closing root", "<Response/>"],
    ["an end tag first", "</Response>"],
    ["the body ends after <", "<Response><"],
    ["the body ends after </", "<Response></"],
    ["the body ends in a name", "<Response><EventNa"],
    ["the body ends in text", "<Response><EventName>Task"],
    ["the body ends in an end tag", "<Response></Respon"],
    ["the body ends after a name", "<Response"],
    ["the body ends after /", "<Response/"],
    ["the body ends unclosed", "<Response>"],
    ["a cut seed", seed.slice(0, seed.length >> 1)],
  ])("%s: the same result both ways", (_, text) => {
    const [scanned, read] = both(text);
    expect(scanned).toEqual(read);
  });

  it("the limits, at each one and one past it: the same result both ways", () => {
    const depth = (n: number) => "<Response>" + "<JobsDetail>".repeat(n - 1) + "</JobsDetail>".repeat(n - 1) + "</Response>";
    for (const maxDepth of [1, 2, 5, 64])
      for (const n of [maxDepth - 1, maxDepth, maxDepth + 1].filter((x) => x >= 1)) {
        const [scanned, read] = both(depth(n), undefined, { maxDepth });
        expect(scanned, `maxDepth ${maxDepth}, depth ${n}`).toEqual(read);
      }
    const items = (n: number) => "<Response>" + "<EventName>x</EventName>".repeat(n) + "</Response>";
    for (const maxItems of [1, 3, 10])
      for (const n of [maxItems, maxItems + 1]) {
        const [scanned, read] = both(items(n), undefined, { maxItems });
        expect(scanned, `maxItems ${maxItems}, ${n} items`).toEqual(read);
      }
    for (const maxNodes of [1, 2, 10, 40])
      for (const text of [seed, items(20), "<Response>a<EventName>x</EventName>b<EventName>y</EventName>c</Response>"]) {
        const [scanned, read] = both(text, undefined, { maxNodes });
        expect(scanned, `maxNodes ${maxNodes}`).toEqual(read);
      }
    for (const maxTextLength of [1, 4, 9, 10, 100, 400])
      for (const text of [seed, "<Response>" + " ".repeat(700) + "<EventName>x</EventName></Response>"]) {
        const [scanned, read] = both(text, undefined, { maxTextLength });
        expect(scanned, `maxTextLength ${maxTextLength}`).toEqual(read);
      }
  });

  it(`deeper than its ${SCAN_DEPTH} levels: declined, and read by the reader alike`, () => {
    const deep = (n: number) => "<Response>" + "<JobsDetail>".repeat(n - 1) + "</JobsDetail>".repeat(n - 1) + "</Response>";
    expect(takes(deep(SCAN_DEPTH), { ...limits, maxDepth: 1000 })).toBe(true);
    expect(takes(deep(SCAN_DEPTH + 1), { ...limits, maxDepth: 1000 })).toBe(false);
    for (const n of [SCAN_DEPTH, SCAN_DEPTH + 1]) {
      const [scanned, read] = both(deep(n), undefined, { maxDepth: 1000 });
      expect(scanned).toEqual(read);
    }
  });

  it("long bodies: the table sized by their count of start tags, read where the scanner wrote it, in at most KEPT_MEMORY; past that the reader's", () => {
    const item = /<CosHeaders>[\s\S]*?<\/CosHeaders>/.exec(seed)![0];
    const grown = (chars: number) => seed.replace(item, item.repeat(Math.max(1, Math.round((chars - seed.length) / item.length))));
    for (const chars of [70_000, 1_000_000, 3_500_000]) {
      const text = grown(chars);
      expect(takes(text), `${chars}`).toBe(true);
      const [scanned, read] = both(text);
      expect(scanned).toEqual(read);
      expect(scannerMemory()).toBeLessThanOrEqual(KEPT_MEMORY);
    }
    // Its bytes fit, its table (about 0.46 bytes a character) does not.
    const long = grown(KEPT_MEMORY * 0.8);
    expect(long.length).toBeLessThan(SCAN_MAX);
    expect(takes(long)).toBe(false);
    const [scannedLong, readLong] = both(long);
    expect(scannedLong).toEqual(readLong);
    expect(scannerMemory()).toBeLessThanOrEqual(KEPT_MEMORY);
    // Text beside every element: more nodes than start tags, more than the counted table holds; declined, and read alike.
    const mixed = "<Response>" + "x<EventName/>".repeat(40_000) + "</Response>";
    expect(takes(mixed)).toBe(false);
    const [scanned, read] = both(mixed);
    expect(scanned).toEqual(read);
    // A body of start tags only, each self-closing: as many nodes as start tags, and room for them.
    const empties = "<Response>" + "<EventName/>".repeat(40_000) + "</Response>";
    expect(takes(empties)).toBe(true);
  });

  it("bodies of the spec's names and markup in any order (fast-check): the same result both ways", () => {
    const token = fc.constantFrom("<Response>", "</Response>", "<JobsDetail>", "</JobsDetail>", "<Code>", "</Code>", "<Code/>", "<EventName>", "</EventName>", "<State>", "</State>", "x", " ", "\n", "<", ">", "/", "]]>", "]", "&amp;", "&", "\u0001", "<!-- c -->", "<![CDATA[a]]>", "é", "<Unknown>", "</Unknown>", 'a="1"', "中文", "😀", "\uFFFE", "\uD800");
    let taken = 0;
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), fc.constantFrom(1, 3, 8, 64), (parts, maxDepth) => {
        const text = "<Response>" + parts.join("") + "</Response>";
        if (takes(text, { ...limits, maxDepth })) taken++;
        const [scanned, read] = both(text, undefined, { maxDepth, maxItems: 6, maxNodes: 30 });
        expect(scanned).toEqual(read);
      }),
      { numRuns: 3000, seed: 20261130 },
    );
    expect(taken).toBeGreaterThan(100);
  });
});

describe("names: found by their length and bytes, ended where the reader ends them", () => {
  it("every name the spec knows is found in the scanner's table, whatever its length (the hash reads its first and last eight bytes)", () => {
    decodeCallback(seed);
    const names = Array.from({ length: knownNameCount() }, (_, id) => knownName(id)).filter((n) => /^[A-Za-z_][\w.-]*$/.test(n));
    expect(new Set(names.map((n) => n.length)).size).toBeGreaterThan(15);
    for (const name of names) {
      const text = `<Response><${name}>x</${name}><${name}/><${name} >y</${name}></Response>`;
      expect(takes(text), name).toBe(true);
      const [scanned, read] = both(text);
      expect(scanned, name).toEqual(read);
    }
  });

  it("a name that is a known name with a byte more or less, or another byte, is not taken for it", () => {
    decodeCallback(seed);
    const known = new Set(Array.from({ length: knownNameCount() }, (_, id) => knownName(id)));
    let unknown = 0;
    for (const name of ["JobsDetail", "Code", "CompressionResult", "ProcessResult", "EventName", "ExtractDigitalWatermark"]) {
      for (const other of [name + "x", name.slice(0, -1), "x" + name, name.slice(0, -1) + "_", name.toLowerCase(), name.slice(0, 8) + "_" + name.slice(9)]) {
        const text = `<Response><${other}>x</${other}></Response>`;
        const [scanned, read] = both(text);
        expect(scanned, other).toEqual(read);
        // A name the spec does not know is the reader's: the scanner declines the body.
        expect(takes(text), other).toBe(known.has(other));
        if (!known.has(other)) unknown++;
      }
    }
    expect(unknown).toBeGreaterThan(25);
  });

  it("a control character, white space or markup right after a name: the same result both ways", () => {
    for (const after of ["\u0001", "\u000b", "\u001f", "\t", "\n", "\r", " ", "=", "?", "<", "/", "\u007f", "é"]) {
      for (const text of [`<Response><Code${after}>x</Code></Response>`, `<Response><Code>x</Code${after}></Response>`, `<Response${after}><Code>x</Code></Response>`]) {
        const [scanned, read] = both(text);
        expect(scanned, JSON.stringify(text)).toEqual(read);
      }
    }
  });
});

describe("bodies of bytes", () => {
  /** A sample's text as a body decodes it (a byte-order mark aside). */
  const decodeText = (t: string) => (t.charCodeAt(0) === 0xfeff ? t.slice(1) : t);

  it("every sample decodes from its bytes (a Buffer at any offset of a larger one) as from its text, with the scanner and without", () => {
    for (const s of seeds()) {
      const text = decodeText(s.text);
      for (const offset of [0, 3]) {
        const outer = Buffer.alloc(offset + Buffer.byteLength(text) + 5, 0x20);
        outer.write(text, offset);
        const bytes = outer.subarray(offset, offset + Buffer.byteLength(text));
        for (const on of [true, false]) {
          useScanner(on);
          expect(decode(bytes as unknown as string, s.kind), `${s.name} at ${offset}, scanner ${on}`).toEqual(decode(text, s.kind));
        }
      }
    }
  });
});

describe("without WebAssembly", () => {
  it("a runtime that cannot compile it (node --jitless) decodes every XML sample as this one does", () => {
    const script = `
      const { decodeCallback } = await import(${JSON.stringify(pathToFileURL(join(ROOT, "generated/dist/esm/index.js")).href)});
      const texts = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
      const out = texts.map((t) => { try { return decodeCallback(t); } catch (e) { return { thrown: e.message, issues: e.issues }; } });
      process.stdout.write(JSON.stringify({ wasm: typeof WebAssembly, out }));
    `.replace('require("node:fs")', "(await import('node:fs'))");
    const texts = xmlSeeds.filter((s) => s.kind === undefined).map((s) => s.text);
    expect(texts.length).toBeGreaterThan(5);
    const child = JSON.parse(execFileSync(process.execPath, ["--jitless", "--input-type=module", "-e", script], { input: JSON.stringify(texts), encoding: "utf8", maxBuffer: 64 << 20 })) as { wasm: string; out: unknown[] };
    expect(child.wasm).toBe("undefined");
    const here = texts.map((t) => decode(t, undefined));
    expect(JSON.parse(JSON.stringify(here))).toEqual(child.out);
  });
});
