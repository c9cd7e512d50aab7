import { payloadApi, payloadDir } from "../model/names.js";
import { type ContainerNode, containers, type ModelNode, type PayloadDef } from "../model/types.js";
import { lit } from "../print/escape.js";
import { runtime, type RuntimeName } from "../print/runtime-symbols.js";
import { FunctionNames } from "../print/function-names.js";
import { TsFile } from "../print/ts-file.js";
import type { EmitInput, GeneratedFile } from "./files.js";
import { leafSpecOf } from "./leaf-spec.js";
import { specFilesOf } from "./spec-files.js";

/**
 * fast-check arbitraries of every model a payload's spec allows: each optional node present
 * and absent, lists of one and many (none is absent), enum values known and unknown, unknown
 * fields, and text that is hard to carry. Property tests run the round trips over them.
 * Nullable nodes are never null here: XML has no null, and the round trips cover both formats.
 */
function emitArbitraries(p: PayloadDef): GeneratedFile {
  const dir = payloadDir(p.name);
  const f = new TsFile(`${dir}/arbitraries.ts`, specFilesOf(p));
  const rt = (n: RuntimeName) => f.use(runtime(n, dir.replace(/^src\//, "")));
  const fc = f.use({ name: "Arbitrary", from: "fast-check", typeOnly: true });
  const fns = new FunctionNames<ContainerNode>();
  const arbitraryOf = (ch: ModelNode, nonEmpty: boolean): string => {
    switch (ch.kind) {
      case "leaf":
        return `${rt("leafArbitrary")}(${lit(leafSpecOf(ch, p))}, ${nonEmpty}, o)`;
      case "map":
        return `${rt("mapArbitrary")}(${nonEmpty})`;
      case "union":
      {
        const variants = ch.variants.map((v) => `${fns.get(v.node)}(o, ${nonEmpty})`).join(", ");
        const fallback = ch.fallback ? `{ arbitrary: ${fns.get(ch.fallback)}(o, ${nonEmpty}), by: ${lit(ch.by)}, taken: ${lit(ch.variants.map((v) => v.value))} }` : "undefined";
        return `${rt("unionArbitrary")}([${variants}], ${fallback}, o)`;
      }
      case "container":
        return ch.opaque && ch.children.length === 0 ? `${rt("plainArbitrary")}(${nonEmpty})` : `${fns.get(ch)}(o, ${nonEmpty})`;
    }
  };
  for (const c of [...containers(p)].reverse()) {
    if (c.opaque && c.children.length === 0) continue;
    const fields = c.children.map((ch) => {
      // A single optional node and every list item: their empty element means "absent".
      const nonEmpty = !ch.required || ch.repeated;
      return `{ name: ${lit(ch.name)}, required: ${ch.required}, repeated: ${ch.repeated}, arbitrary: ${arbitraryOf(ch, nonEmpty)} }`;
    });
    // An opaque container keeps unknown fields without a report; the generic extras cover them.
    const body = `return ${rt("containerArbitrary")}([\n${fields.map((x) => `  ${x},`).join("\n")}\n], nonEmpty, o);`;
    const { name, emit } = fns.claim(c, `arbitrary${c.typeName}`, body);
    if (!emit) continue;
    f.addFunction({
      name,
      doc: `Models of ${c.specPath}.`,
      params: [
        { name: "o", type: rt("ArbitraryOptions") },
        { name: "nonEmpty", type: "boolean" },
      ],
      returns: `${fc}<object>`,
      body: [body],
    });
  }
  const api = payloadApi(p.name);
  const type = f.use({ name: api.type, from: "./types.js", typeOnly: true });
  f.addFunction({
    name: api.arbitrary,
    exported: true,
    doc: `Every ${p.name} model the spec allows (fast-check).`,
    params: [{ name: "options", type: rt("ArbitraryOptions"), initializer: "{}" }],
    returns: `${fc}<${type}>`,
    body: [`return ${fns.get(p.root)}(options, false) as ${fc}<${type}>;`],
  });
  return { path: f.path, content: f.toText() };
}

/** Per payload arbitraries, and src/testing.ts: the package's `./testing` entry that gathers them. */
export function emitArbitraryModules({ model }: EmitInput): GeneratedFile[] {
  const files = model.payloads.map(emitArbitraries);
  const index = new TsFile("src/testing.ts", ["spec/"]);
  const lines = model.payloads.map((p) => `export { ${payloadApi(p.name).arbitrary} } from ${lit(`./${payloadDir(p.name).replace(/^src\//, "")}/arbitraries.js`)};`);
  lines.push(`export { type ArbitraryOptions, containerArbitrary, leafArbitrary, mapArbitrary, plainArbitrary, textArbitrary, timestampArbitrary, unionArbitrary } from "./runtime/testing.js";`);
  index.addStatements(`/** Property-testing support (needs fast-check): arbitraries of every payload's models. */\n${lines.join("\n")}`);
  return [...files, { path: index.path, content: index.toText() }];
}
