/**
 * `npm run bench:streaming-probe [-- KIND/SAMPLE.xml ...]`: would an XML decoder that reads tokens
 * straight into the model, with no node table between the reader and the generated decoders, be
 * much faster than the package's? A measurement bearing on that route, not a decoder to ship.
 *
 * The probe is the happiest path of such a decoder, and nothing else: each container of the
 * payload (taken from the linked model, so it follows the spec) is read child by child in one
 * pass over the text; a child's name is matched in place against the spec name after the last
 * one matched (else sliced out and looked up in a Map of the container's names); a leaf's text is
 * sliced and converted by the package's own plainLeafValue, with the LeafSpec the generator gives
 * the leaf (leafSpecOf), as the generated decoders' quick path does; a
 * repeated node is pushed onto its list. Anything else (an unknown element, an attribute, a
 * comment, CDATA, a reference, a second copy of a single node, text where none belongs, a value
 * with something to report, a map, union or opaque node) stops it, where a real decoder would go
 * on to a careful path. It keeps no limits, builds no error path and checks less than the
 * package's reader, but it is written plainly (charCodeAt, indexOf, slice), without the reader's
 * work on the body's bytes (names and white space four bytes at a time, known names by a hash of
 * their first characters). If the node table were where the package's decoder spends its time,
 * the probe, which has none, would be far quicker. It is not: in seven runs of 2026-11-30 the
 * package's decode took 0.99 to 1.27 times the probe's time on the seed (five of them 1.04 to
 * 1.14) and 0.76 to 0.89 times on the media sample, where the probe is the slower. The time goes
 * to reading the text, which any design must do.
 *
 * Each sample's probe model must equal decodeCallback's (else the run stops). Then the probe,
 * decodeCallback and JSON.parse of the same callback's JSON form run in interleaved rounds in one
 * process, on the text; the least time of 15 rounds is printed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { leafSpecOf } from "../generator/emit/leaf-spec.js";
import { loadModel } from "../generator/model/load.js";
import type { ContainerNode, ModelNode, PayloadDef } from "../generator/model/types.js";
import type { LeafSpec } from "../generated/src/runtime/leaf.js";
import { buildCompiled } from "./compiled.js";

const ROOT = join(import.meta.dirname, "..");

/** A node as the probe reads it: a leaf by the runtime's LeafSpec, as the generated decoders have it. */
type Leaf = { readonly spec: LeafSpec };
type Box = {
  readonly kids: readonly Kid[];
  readonly byName: ReadonlyMap<string, Kid>;
};
/** A node the probe does not read (a map, a union, an opaque container): met in a body, it stops. */
type Unreadable = { readonly unreadable: string };
type Kid = { readonly name: string; readonly node: Leaf | Box | Unreadable; readonly list: boolean; readonly optional: boolean; readonly index: number };

/** Anything the probe does not read: a real decoder would go on to its careful path here. */
class Unread extends Error {}

function boxOf(c: ContainerNode, payload: PayloadDef): Box {
  const kids = c.children.map((n: ModelNode, index): Kid => {
    const node: Kid["node"] =
      n.kind === "leaf" ? { spec: leafSpecOf(n, payload) as LeafSpec } : n.kind === "container" && !n.opaque ? boxOf(n, payload) : { unreadable: n.kind === "container" ? "opaque container" : n.kind };
    return { name: n.name, node, list: n.repeated, optional: !n.required, index };
  });
  return { kids, byName: new Map(kids.map((k) => [k.name, k])) };
}

const MAYBE_NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/;

/** The package's own quick conversion of a leaf's text (what its decoders store at once); undefined, something to report, stops the probe. */
let plainLeafValue: (spec: LeafSpec, text: string) => unknown;
function leafValue(spec: LeafSpec, text: string): unknown {
  const value = plainLeafValue(spec, text);
  if (value === undefined) throw new Unread();
  return value;
}

let xml = "";
let at = 0;

/** Only white space from `at` to `end`. */
function blankTo(end: number): void {
  for (let k = at; k < end; k++) {
    const c = xml.charCodeAt(k);
    if (c !== 32 && c !== 10 && c !== 9 && c !== 13) throw new Unread();
  }
}

/** True when `</name>` is at `lt`. */
function endTagAt(lt: number, name: string): boolean {
  return xml.charCodeAt(lt + 1) === 47 && xml.startsWith(name, lt + 2) && xml.charCodeAt(lt + 2 + name.length) === 62;
}

/** The children of a container whose start tag ends before `at`, up to its end tag. */
function container(box: Box, name: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const kids = box.kids;
  let guess = 0;
  for (;;) {
    const lt = xml.indexOf("<", at);
    if (lt < 0) throw new Unread();
    blankTo(lt);
    if (endTagAt(lt, name)) {
      at = lt + name.length + 3;
      return out;
    }
    // The child's name: first matched in place against the spec name after the last one
    // matched (children mostly come in spec order), else sliced out and looked up.
    let kid: Kid | undefined = kids[guess];
    const c = kid === undefined ? NaN : xml.charCodeAt(lt + 1 + kid.name.length);
    if (kid === undefined || !((c === 62 || c === 47) && xml.startsWith(kid.name, lt + 1))) {
      let e = lt + 1;
      for (let ch = xml.charCodeAt(e); ch !== 62 && ch !== 47 && ch === ch; ch = xml.charCodeAt(++e));
      kid = box.byName.get(xml.slice(lt + 1, e));
      if (kid === undefined) throw new Unread();
    }
    guess = kid.index + 1;
    const end = lt + 1 + kid.name.length;
    let value: unknown;
    if (xml.charCodeAt(end) === 47) {
      // <Name/>: an empty optional node is absent.
      if (xml.charCodeAt(end + 1) !== 62 || !kid.optional) throw new Unread();
      at = end + 2;
      continue;
    }
    at = end + 1;
    if ("unreadable" in kid.node) throw new Unread(`<${kid.name}>: a ${kid.node.unreadable} node`);
    if ("spec" in kid.node) {
      const close = xml.indexOf("<", at);
      if (close < 0 || !endTagAt(close, kid.name)) throw new Unread();
      const text = xml.slice(at, close);
      at = close + kid.name.length + 3;
      if (text === "") {
        if (!kid.optional) throw new Unread();
        continue;
      }
      if (text.includes("&")) throw new Unread();
      value = leafValue(kid.node.spec, text);
    } else value = container(kid.node, kid.name);
    if (kid.list) ((out[kid.name] ??= []) as unknown[]).push(value);
    else if (Object.prototype.hasOwnProperty.call(out, kid.name)) throw new Unread();
    else out[kid.name] = value;
  }
}

function probe(text: string, root: ContainerNode, box: Box): unknown {
  if (MAYBE_NOT_XML_CHAR.test(text)) throw new Unread();
  xml = text;
  at = 0;
  const lt = xml.indexOf("<");
  blankTo(lt);
  if (!xml.startsWith(root.name, lt + 1) || xml.charCodeAt(lt + 1 + root.name.length) !== 62) throw new Unread();
  at = lt + root.name.length + 2;
  const out = container(box, root.name);
  blankTo(xml.length);
  xml = "";
  return out;
}

const files = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const samples = files.length > 0 ? files : ["pic-process-callback/seed-sample-2.xml", "media-transcode-callback/vendor-sample-2.xml"];
const model = loadModel(join(ROOT, "spec"), ROOT);
const compiled = await buildCompiled(ROOT);
try {
  const { decodeCallback, encodeCallback } = (await import(compiled.indexUrl)) as typeof import("../generated/src/index.js");
  ({ plainLeafValue } = (await import(new URL("runtime/leaf.js", compiled.indexUrl).href)) as typeof import("../generated/src/runtime/leaf.js"));
  for (const file of samples) {
    const text = new TextDecoder().decode(readFileSync(join(ROOT, "spec", "samples", file)));
    const decoded = decodeCallback(text);
    const payload = model.payloads.find((p) => p.name === decoded.kind)!;
    const box = boxOf(payload.root, payload);
    let mine: unknown;
    try {
      mine = probe(text, payload.root, box);
    } catch (e) {
      if (!(e instanceof Unread)) throw e;
      console.log(`${file}: holds what the probe does not read${e.message ? ` (${e.message})` : ""}; not measured`);
      continue;
    }
    if (!isDeepStrictEqual(mine, decoded.payload)) throw new Error(`${file}: the probe's model is not decodeCallback's`);
    const json = encodeCallback(decoded.payload as never, { format: "json" });
    const tasks: Record<string, () => unknown> = {
      probe: () => probe(text, payload.root, box),
      decodeCallback: () => decodeCallback(text),
      "JSON.parse": () => JSON.parse(json),
    };
    const best: Record<string, number> = {};
    const n = Math.max(200, Math.round(2e7 / text.length));
    for (let round = 0; round < 15; round++) {
      for (const [name, f] of Object.entries(tasks)) {
        const t = process.hrtime.bigint();
        for (let i = 0; i < n; i++) f();
        best[name] = Math.min(best[name] ?? Infinity, Number(process.hrtime.bigint() - t) / n / 1000);
      }
    }
    console.log(`${file} (${text.length} characters; least of 15 rounds of ${n}):`);
    console.log(`  probe (no node table, happy path only) ${best.probe!.toFixed(2)} µs, ${(best.probe! / best["JSON.parse"]!).toFixed(2)}× JSON.parse`);
    console.log(
      `  decodeCallback                        ${best.decodeCallback!.toFixed(2)} µs, ${(best.decodeCallback! / best["JSON.parse"]!).toFixed(2)}× JSON.parse, ${(best.decodeCallback! / best.probe!).toFixed(2)}× the probe`,
    );
    console.log(`  JSON.parse of the JSON form           ${best["JSON.parse"]!.toFixed(2)} µs`);
  }
} finally {
  compiled.remove();
}
