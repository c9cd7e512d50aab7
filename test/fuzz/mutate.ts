import { decodeCallback } from "../../generated/src/index.js";
import { kind } from "../kinds.js";
import { XmlWriter } from "../../generated/src/runtime/writer.js";
import type { Seed } from "./corpus.js";
import { Rng } from "./prng.js";

const encoder = new TextEncoder();

/** Fragments that have broken parsers before: declarations, entities, markup edges, odd characters. */
const TOKENS = [
  '<!DOCTYPE Response [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
  '<!DOCTYPE r SYSTEM "file:///etc/passwd">',
  "<!ENTITY % p SYSTEM 'http://127.0.0.1/x'>",
  "&a;", "&b;", "&#0;", "&#x110000;", "&#xD800;", "&amp;", "&lt;", "&", "&#65;",
  "<![CDATA[", "]]>", "<![CDATA[<&>]]>", "<!--", "-->", "<!-- c -->", "<?pi x?>", "<?xml version=\"1.0\"?>",
  "<", ">", "/>", "</", "\"", "'", "=", "{", "}", "[", "]", ",", ":", "null", "true", "1e999", "-0", "0x10", "9007199254740993",
  "\u0000", "\uFEFF", "\uFFFE", "\uD800", "😀", "\r\n", "\t", " ",
  "<__proto__>1</__proto__>", "<constructor><prototype>x</prototype></constructor>", '"__proto__": {"polluted": 1}',
  '"constructor": {"prototype": {"polluted": 1}}', 'xmlns="urn:x"', 'a="1"', "<x:EventName>TaskFinish</x:EventName>",
  "<a>".repeat(80), "[".repeat(80), "<JobsDetail></JobsDetail>", "<CosHeaders><Key>k</Key><Value>v</Value></CosHeaders>",
];
const BAD_BYTES = [[0xff], [0xfe, 0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xef, 0xbb, 0xbf]];
const WEIRD_VALUES: unknown[] = [null, 0, -1, 1.5, 1e300, true, false, "", " ", "0001024", "0x1", "4x7", "-", "2022-13-45T99:99:99+0800", [], [1, 2], {}, { a: "b" }, "x".repeat(300), "😀<&>", "\u0007"];

type Bytes = Uint8Array;
function concat(...parts: Bytes[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Byte-level: flips, inserts, deletions, duplications, tokens, invalid UTF-8, truncation. */
function mutateBytes(input: Bytes, rng: Rng): Bytes {
  let b = input;
  const rounds = 1 + rng.int(4);
  for (let r = 0; r < rounds; r++) {
    const at = rng.int(b.length + 1);
    switch (rng.int(7)) {
      case 0: {
        if (b.length === 0) break;
        const c = b.slice();
        c[Math.min(at, c.length - 1)]! ^= 1 << rng.int(8);
        b = c;
        break;
      }
      case 1:
        b = concat(b.subarray(0, at), Uint8Array.of(rng.int(256)), b.subarray(at));
        break;
      case 2: {
        const len = rng.int(Math.max(1, b.length - at));
        b = concat(b.subarray(0, at), b.subarray(at + len));
        break;
      }
      case 3: {
        const len = rng.int(Math.max(1, Math.min(400, b.length - at)));
        const piece = b.subarray(at, at + len);
        b = concat(b.subarray(0, at), piece, piece, b.subarray(at));
        break;
      }
      case 4:
        b = concat(b.subarray(0, at), encoder.encode(rng.pick(TOKENS)), b.subarray(at));
        break;
      case 5:
        b = concat(b.subarray(0, at), Uint8Array.from(rng.pick(BAD_BYTES)), b.subarray(at));
        break;
      default:
        b = b.subarray(0, at);
    }
  }
  return b;
}

type Json = Record<string, unknown>;
/** Every object inside a model, with its parent array or object. */
function objects(value: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(value)) value.forEach((v) => objects(v, out));
  else if (value && typeof value === "object") {
    out.push(value as Json);
    for (const k of Object.keys(value)) objects((value as Json)[k], out);
  }
  return out;
}

/** Structure-aware: changes the decoded model (drop, duplicate, retype, add unknown or hostile keys), then writes it out again. */
function mutateModel(seed: Seed, rng: Rng): Bytes {
  const model = structuredClone((seed.kind ? kind(seed.kind).decode(seed.text) : decodeCallback(seed.text)).payload) as unknown as Json;
  const rounds = 1 + rng.int(3);
  for (let r = 0; r < rounds; r++) {
    const target = rng.pick(objects(model));
    const keys = Object.keys(target);
    const key = keys.length > 0 ? rng.pick(keys) : "X";
    switch (rng.int(6)) {
      case 0:
        delete target[key];
        break;
      case 1:
        target[key] = [target[key], target[key]];
        break;
      case 2:
        target[key] = structuredClone(rng.pick(WEIRD_VALUES));
        break;
      case 3:
        Object.defineProperty(target, rng.pick(["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "Unknown", "x-y"]), {
          value: structuredClone(rng.pick(WEIRD_VALUES)) ?? "v",
          enumerable: true,
          writable: true,
          configurable: true,
        });
        break;
      case 4:
        if (Array.isArray(target[key])) target[key] = (target[key] as unknown[])[0];
        else target[key] = { Nested: target[key] };
        break;
      default:
        target[`${key}2`] = target[key];
    }
  }
  if (seed.format === "json" || rng.chance(0.3)) return encoder.encode(JSON.stringify(model, null, rng.chance(0.5) ? 2 : 0));
  const w = new XmlWriter(seed.root);
  w.rest(model, []);
  return encoder.encode(w.document());
}

/** XML-aware: duplicates, drops, nests or wraps one element's text, keeping the rest well-formed. */
function mutateXml(text: string, rng: Rng): Bytes {
  const elements = [...text.matchAll(/<([A-Za-z]+)>([^<]*)<\/\1>/g)];
  if (elements.length === 0) return encoder.encode(text);
  const m = rng.pick(elements);
  const [whole, name, inner] = m as unknown as [string, string, string];
  const at = m.index!;
  const replacement = rng.pick([
    whole + whole,
    "",
    `<${name}><![CDATA[${inner}]]></${name}>`,
    `<${name}>${inner.replace(/./g, (c) => `&#${c.codePointAt(0)};`)}</${name}>`,
    `<${name} attr="1">${inner}</${name}>`,
    `<${name}>${inner}<Child>x</Child></${name}>`,
    `<${name}/>`,
    `<${name}>${rng.pick(TOKENS)}</${name}>`,
    `<${name}>${"9".repeat(1 + rng.int(30))}</${name}>`,
  ]);
  return encoder.encode(text.slice(0, at) + replacement + text.slice(at + whole.length));
}

/** Input number `index` of a run: a seed, mutated one of three ways (deterministic in the rng). */
export function mutate(seeds: readonly Seed[], rng: Rng): { seed: Seed; input: Bytes } {
  const seed = rng.pick(seeds);
  const kind = rng.int(3);
  let input: Bytes;
  if (kind === 0) input = mutateBytes(encoder.encode(seed.text), rng);
  else if (kind === 1) input = mutateModel(seed, rng);
  else input = seed.format === "xml" ? mutateXml(seed.text, rng) : mutateModel(seed, rng);
  if (rng.chance(0.25)) input = mutateBytes(input, rng);
  return { seed, input };
}

/**
 * `count` mutated XML bodies as text (runs `seed` of mutate over the samples, keeping those whose
 * seed is XML and whose text is at most `maxLength` characters), each with its seed.
 */
export function* mutatedXml(seeds: readonly Seed[], runSeed: number, count: number, maxLength: number): Generator<{ seed: Seed; text: string }> {
  let tried = 0;
  for (let i = 0; tried < count; i++) {
    const { input, seed } = mutate(seeds, Rng.for(runSeed, i));
    if (seed.format !== "xml") continue;
    const text = new TextDecoder("utf-8", { fatal: false }).decode(input);
    if (text.length > maxLength) continue;
    tried++;
    yield { seed, text };
  }
}
