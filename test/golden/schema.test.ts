import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import type { ModelNode } from "../../generator/model/types.js";
import { ROOT } from "../helpers.js";
import { kinds } from "../kinds.js";

/**
 * A second, independent check of every decoded sample: the published JSON Schema (through
 * ajv, a reference implementation of draft 2020-12) and the generated validator must both
 * accept the model, and both must reject a broken copy at the same place.
 */

/** Path (property names and indexes) to the first integer leaf the model holds, if any. */
function integerLeaf(node: ModelNode, value: unknown, at: (string | number)[] = []): (string | number)[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (node.repeated && Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = integerLeaf({ ...node, repeated: false } as ModelNode, value[i], [...at, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (node.kind === "leaf") return node.leaf === "integer" && typeof value === "number" ? at : undefined;
  if (node.kind !== "container" || typeof value !== "object") return undefined;
  for (const c of node.children) {
    const found = integerLeaf(c, (value as Record<string, unknown>)[c.name], [...at, c.name]);
    if (found) return found;
  }
  return undefined;
}

for (const k of kinds()) {
  const schema = JSON.parse(readFileSync(join(ROOT, "generated/src/payloads", k.def.slug, "schema.json"), "utf8"));
  const ajv = new Ajv2020.default({ allErrors: true, strict: true });
  const validate = ajv.compile(schema);
  const valid = k.def.samples.filter((x) => !x.invalid && x.decodesAs === undefined);

  describe(`${k.name} schema and validator`, () => {
    for (const s of valid) {
      it(`accept the model of ${s.file}`, () => {
        const decoded = k.decode(readFileSync(join(ROOT, "spec", s.file), "utf8")).payload;
        expect(validate(decoded), JSON.stringify(validate.errors)).toBe(true);
        expect(k.validate(decoded)).toEqual({ valid: true, errors: [], warnings: [] });
      });
    }

    const broken = valid
      .map((s) => ({ s, decoded: k.decode(readFileSync(join(ROOT, "spec", s.file), "utf8")).payload }))
      .map(({ decoded }) => ({ decoded, path: integerLeaf(k.def.root, decoded) }))
      .find((x) => x.path !== undefined);
    it.runIf(broken !== undefined)("both reject a model whose integer leaf is text, at the same path", () => {
      const { decoded, path } = broken!;
      const copy = structuredClone(decoded) as Record<string | number, unknown>;
      let target = copy;
      for (const key of path!.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
      target[path!.at(-1)!] = "417";
      expect(validate(copy)).toBe(false);
      expect(validate.errors![0]!.instancePath).toBe("/" + path!.join("/"));
      const r = k.validate(copy);
      expect(r.valid).toBe(false);
      expect(r.errors.map((e) => e.path)).toEqual([path!.reduce<string>((p, s) => (typeof s === "number" ? `${p}[${s}]` : p === "" ? s : `${p}.${s}`), "")]);
    });
  });
}
