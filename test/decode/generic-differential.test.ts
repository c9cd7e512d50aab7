import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { genericPipeline, genericShape, withoutEmpty } from "../../bench/generic.js";
import { ROOT } from "../helpers.js";
import { kinds } from "../kinds.js";

/**
 * What the package decodes against what a user would write instead (the benchmark's generic
 * pipeline: fast-xml-parser with the spec's lists as arrays and Number() on integer leaves, or
 * JSON.parse, then ajv with the package's own schema): on every valid sample the generic
 * pipeline accepts, the two yield the same model. (It refuses many real samples: booleans and
 * numbers left as text, empty timestamps, a lone item where a list is due inside a union; that
 * is what the package is for.) Empty values are left out of the comparison: in the package's
 * model an empty value (<Message/>, "", null, an empty container) is an absent one; the generic
 * pipeline keeps it.
 */

const compared: string[] = [];

for (const k of kinds()) {
  const samples = k.def.samples.filter((s) => !s.invalid && s.decodesAs === undefined && s.warnings.length === 0);
  describe.runIf(samples.length > 0)(`${k.name}: the package and the generic pipeline`, () => {
    const schema = JSON.parse(readFileSync(join(ROOT, "generated/src/payloads", k.def.slug, "schema.json"), "utf8")) as object;
    const generic = genericPipeline(genericShape(k.def, schema));
    it.each(samples.map((s) => [s.file, s] as const))("%s: the same model where the generic pipeline yields one", (_, s) => {
      const text = readFileSync(join(ROOT, "spec", s.file), "utf8");
      const ours = k.decode(text).payload;
      let theirs: unknown;
      try {
        theirs = s.format === "xml" ? generic.xml(text) : generic.json(text);
      } catch {
        return; // refused by the generic pipeline (ajv): nothing to compare
      }
      expect(withoutEmpty(theirs)).toEqual(withoutEmpty(ours));
      compared.push(s.file);
    });
  });
}

describe("the comparison", () => {
  it("covers samples of both formats from many kinds", () => {
    expect(compared.length).toBeGreaterThanOrEqual(30);
    expect(compared.some((f) => f.endsWith(".xml"))).toBe(true);
    expect(compared.some((f) => f.endsWith(".json"))).toBe(true);
  });
});
