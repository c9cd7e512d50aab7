import { payloadApi, payloadDir } from "../model/names.js";
import { type ContainerNode, containers, type PayloadDef } from "../model/types.js";
import { lit } from "../print/escape.js";
import { runtime, type RuntimeName } from "../print/runtime-symbols.js";
import { TsFile } from "../print/ts-file.js";
import type { EmitInput, GeneratedFile } from "./files.js";
import { leafSpecOf } from "./leaf-spec.js";
import { specFilesOf } from "./spec-files.js";

const arbName = (c: ContainerNode) => `arbitrary${c.typeName}`;

/**
 * fast-check arbitraries of every model a payload's spec allows: each optional node present
 * and absent, lists of one and many (none is absent), enum values known and unknown, unknown
 * fields, and text that is hard to carry. Property tests run the round trips over them.
 */
function emitArbitraries(p: PayloadDef): GeneratedFile {
  const dir = payloadDir(p.name);
  const f = new TsFile(`${dir}/arbitraries.ts`, specFilesOf(p));
  const rt = (n: RuntimeName) => f.use(runtime(n, dir.replace(/^src\//, "")));
  const fc = f.use({ name: "Arbitrary", from: "fast-check", typeOnly: true });
  for (const c of containers(p)) {
    const fields = c.children.map((ch) => {
      const nonEmpty = !ch.required && !ch.repeated;
      const arbitrary = ch.kind === "leaf" ? `${rt("leafArbitrary")}(${lit(leafSpecOf(ch, p))}, ${nonEmpty}, o)` : `${arbName(ch)}(o, ${nonEmpty})`;
      return `{ name: ${lit(ch.name)}, required: ${ch.required}, repeated: ${ch.repeated}, arbitrary: ${arbitrary} }`;
    });
    f.addFunction({
      name: arbName(c),
      doc: `Models of ${c.specPath}.`,
      params: [
        { name: "o", type: rt("ArbitraryOptions") },
        { name: "nonEmpty", type: "boolean" },
      ],
      returns: `${fc}<object>`,
      body: [`return ${rt("containerArbitrary")}([\n${fields.map((x) => `  ${x},`).join("\n")}\n], nonEmpty, o);`],
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
    body: [`return ${arbName(p.root)}(options, false) as ${fc}<${type}>;`],
  });
  return { path: f.path, content: f.toText() };
}

/** Per payload arbitraries, and src/testing.ts: the package's `./testing` entry that gathers them. */
export function emitArbitraryModules({ model }: EmitInput): GeneratedFile[] {
  const files = model.payloads.map(emitArbitraries);
  const index = new TsFile("src/testing.ts", ["spec/"]);
  const lines = model.payloads.map((p) => `export { ${payloadApi(p.name).arbitrary} } from ${lit(`./${payloadDir(p.name).replace(/^src\//, "")}/arbitraries.js`)};`);
  lines.push(`export { type ArbitraryOptions, containerArbitrary, leafArbitrary, textArbitrary, timestampArbitrary } from "./runtime/testing.js";`);
  index.addStatements(`/** Property-testing support (needs fast-check): arbitraries of every payload's models. */\n${lines.join("\n")}`);
  return [...files, { path: index.path, content: index.toText() }];
}
