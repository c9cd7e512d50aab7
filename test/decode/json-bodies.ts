// JSON bodies for the tests that compare the ways a JSON body is parsed and proved
// (json-precheck.test.ts, json-tally.test.ts): every sample as JSON, written several ways, and
// mutations of them.
import { decodeCallback } from "../../generated/src/index.js";
import { seeds } from "../fuzz/corpus.js";
import type { Rng } from "../fuzz/prng.js";
import { kind } from "../kinds.js";

/**
 * A JSON body of each sample: JSON samples as written, XML samples of kinds that come as JSON too
 * as the package encodes their model; with the kind of a job response (which decodeCallback does
 * not recognise: it is decoded by name).
 */
export function sampleBodies(): { name: string; json: string; kind: string | undefined }[] {
  return seeds().flatMap((s) => {
    if (s.format === "json") return [{ name: s.name, json: s.text, kind: s.kind }];
    const k = kind(s.kind ?? decodeCallback(s.text).kind);
    return k.def.formats.includes("json") ? [{ name: s.name, json: k.encode(k.decode(s.text).payload, { format: "json" }), kind: s.kind }] : [];
  });
}

/** The same value written other ways: compact, indented by two, by tabs, with CRLF line breaks, with white space around. */
export function layouts(json: string): string[] {
  const value = JSON.parse(json) as unknown;
  const two = JSON.stringify(value, null, 2);
  return [json, JSON.stringify(value), two, JSON.stringify(value, null, "\t"), two.replace(/\n/g, "\r\n"), ` \n${two}\n\t `];
}

/** Fragments that matter to one path or the other: escapes, surrogates, numbers, white space, structure. */
export const TOKENS = [
  '"', "\\", '\\"', "\\\\", '\\\\"', "\\u002c", "\\u003a", '"a":"\\u002c",', "\\u0041", "\\u00e9", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\uD83D\\uDE00", "\\u12G4", "\\x", "\\/",
  "\ud800", "\udc00", "😀", "\u0000", "\u001f", "\u007f", "\t", "\n", "\r\n", "\f", "\v", "\u00a0", "\u2028", "\ufeff", " ",
  ",", ":", "{", "}", "[", "]", "{}", "[]", ",]", ",}", "null", "true", "false", "nul", "tru", "NaN", "Infinity", "-Infinity",
  "0", "-0", "1", "-", "+1", "01", "00", "1.", ".5", "0.5", "1.0", "1e5", "1E5", "1e+5", "1e-5", "1e", "0x1",
  "123456789012345", "1234567890123456", "-123456789012345", "-1234567890123456", "9007199254740993", "9".repeat(320), "1e400", "-1e400",
  "//", "/*", "*/", "'", '"a":1', '"a":1,', ',"a":1', '"Code":"x",', '"\\u0043ode":"x",', "<",
];

/** A text mutated a few times: fragments inserted (inside strings or not), pieces deleted, repeated, cut off. */
export function mutated(text: string, rng: Rng): string {
  let t = text;
  const rounds = 1 + rng.int(3);
  for (let r = 0; r < rounds; r++) {
    const at = rng.int(t.length + 1);
    switch (rng.int(6)) {
      case 0:
      case 1:
        t = t.slice(0, at) + rng.pick(TOKENS) + t.slice(at);
        break;
      case 2:
        t = t.slice(0, at) + t.slice(at + 1 + rng.int(8));
        break;
      case 3: {
        const piece = t.slice(at, at + 1 + rng.int(60));
        t = t.slice(0, at) + piece + piece + t.slice(at);
        break;
      }
      case 4: {
        // A member repeated in its object: a duplicate key wherever the member was.
        const members = [...t.matchAll(/"(?:[^"\\]|\\.)*"\s*:\s*(?:"(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null)/g)];
        if (members.length === 0) break;
        const m = rng.pick(members);
        t = t.slice(0, m.index!) + m[0] + "," + t.slice(m.index!);
        break;
      }
      default:
        t = t.slice(0, at);
    }
  }
  return t;
}
