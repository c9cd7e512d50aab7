import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Project } from "ts-morph";
import { describe, expect, it } from "vitest";
import * as pkg from "../../generated/src/index.js";
import { payloadApi } from "../../generator/model/names.js";
import { ROOT } from "../helpers.js";
import { kinds } from "../kinds.js";
import { readFileSync } from "node:fs";

/**
 * The generated types as an editor shows them: every property of every interface, containers
 * included, carries its node's description as JSDoc; and each kind's type guard recognises the
 * models of its own samples and no other kind's.
 */
const typeFiles = [
  ...readdirSync(join(ROOT, "generated/src/tables")).map((f) => join(ROOT, "generated/src/tables", f)),
  ...readdirSync(join(ROOT, "generated/src/payloads")).map((d) => join(ROOT, "generated/src/payloads", d, "types.ts")),
];

describe("generated types", () => {
  const project = new Project({ useInMemoryFileSystem: false, skipAddingFilesFromTsConfig: true });
  it.each(typeFiles.map((f) => [f.slice(ROOT.length + 1), f]))("%s: every property has a description and its wire rule", (_, file) => {
    const sf = project.addSourceFileAtPath(file);
    const missing: string[] = [];
    let count = 0;
    for (const i of sf.getInterfaces()) {
      for (const p of i.getProperties()) {
        count++;
        const doc = p.getJsDocs().map((d) => d.getDescription()).join("\n");
        // The node's description, then its wire rule.
        if (!/\S[\s\S]*\n\s*Wire: \S/.test(doc)) missing.push(`${i.getName()}.${p.getName()}`);
      }
    }
    expect(count).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });
});

describe("hover in an editor", () => {
  it("on a property of a decoded model, containers and lists included, shows its description and its wire rule", () => {
    const project = new Project({ compilerOptions: { strict: true, module: 99, moduleResolution: 99, target: 9 } });
    const text = `import { decodeCallback } from "${join(ROOT, "generated/src/index.js")}";
const { kind, payload } = decodeCallback("");
if (kind === "PicProcessCallback") {
  payload.JobsDetail.Input.CosHeaders;
  payload.JobsDetail.Operation.PicProcessResult;
}
`;
    const file = project.createSourceFile(join(ROOT, "test/.output/hover.ts"), text, { overwrite: true });
    const service = project.getLanguageService().compilerObject;
    for (const [word, description] of [["CosHeaders", "list even with one element"], ["PicProcessResult", "object of its child nodes"], ["JobsDetail", "Wire:"]] as const) {
      const info = service.getQuickInfoAtPosition(file.getFilePath(), text.indexOf(word) + 1);
      const docs = (info?.documentation ?? []).map((d) => d.text).join("");
      expect(docs, word).toMatch(/\S/);
      expect(docs, word).toContain("Wire: ");
      expect(docs, word).toContain(description);
    }
  });
});

describe("type guards", () => {
  const guards = kinds()
    .filter((k) => k.recognised)
    .map((k) => ({ k, guard: (pkg as unknown as Record<string, (m: unknown) => boolean>)[payloadApi(k.name).guard]! }));
  const models = kinds().flatMap((k) =>
    k.def.samples.filter((s) => !s.invalid && s.decodesAs === undefined).map((s) => ({ kind: k.name, model: k.decode(readFileSync(join(ROOT, "spec", s.file), "utf8")).payload })),
  );
  it.each(guards.map((g) => [g.k.name, g] as const))("is%s accepts its own samples' models and no other kind's", (name, { guard }) => {
    expect(guard).toBeTypeOf("function");
    const own = models.filter((m) => m.kind === name);
    expect(own.length).toBeGreaterThan(0);
    for (const m of own) expect(guard(m.model), `${name} on its own sample`).toBe(true);
    for (const m of models.filter((x) => x.kind !== name && kinds().find((k) => k.name === x.kind)!.recognised)) expect(guard(m.model), `${name} on a ${m.kind}`).toBe(false);
  });
});
