import { deepStrictEqual } from "node:assert/strict";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCallback } from "../../generated/src/index.js";
import { type KindApi, kinds } from "../kinds.js";

/**
 * Round trips over every model the spec allows, for every payload kind (arbitraries generated
 * from the spec): decode(encode(m)) deep-equals m in each of the kind's formats, and both
 * encodings of one model decode to the same model. A callback is decoded by decodeCallback,
 * so its kind must also be recognised from what its encoder wrote. A failure prints the
 * smallest model that breaks it.
 * Models may hold data fields named `constructor` or `__proto__`, so equality is
 * node:assert's deepStrictEqual (prototypes compared as prototypes), not toStrictEqual
 * (which reads `.constructor`, here a data field).
 */
/** PROPERTY_RUNS=20000 npx vitest run test/property for a longer search (default 40 per property and kind). */
const RUNS = { numRuns: Number(process.env["PROPERTY_RUNS"] ?? 40) };

function decoder(k: KindApi) {
  return (body: string, options?: { strict?: boolean }) => {
    if (!k.recognised) return k.decode(body, options);
    const r = decodeCallback(body, options);
    expect(r.kind).toBe(k.name);
    return r;
  };
}

describe.each(kinds().map((k) => [k.name, k] as const))("%s round trips", (_, k) => {
  const models = k.arbitrary();
  const decode = decoder(k);

  it("every generated model is valid (the arbitraries stay inside the spec)", () => {
    fc.assert(
      fc.property(models, (m) => {
        expect(k.validate(m).errors).toEqual([]);
      }),
      RUNS,
    );
  });

  it.each(k.def.formats.map((f) => [f]))("decode(encode(m, %s)) deep-equals m", (format) => {
    fc.assert(
      fc.property(models, (m) => {
        deepStrictEqual(decode(k.encode(m, { format })).payload, m);
      }),
      RUNS,
    );
  });

  it.runIf(k.def.formats.length === 2)("the XML and JSON encodings of one model decode to the same model", () => {
    fc.assert(
      fc.property(models, (m) => {
        const xml = k.decode(k.encode(m, { format: "xml" }), { format: "xml" }).payload;
        const json = k.decode(k.encode(m, { format: "json" }), { format: "json" }).payload;
        deepStrictEqual(json, xml);
      }),
      RUNS,
    );
  });

  it("models without unknown fields or values decode in strict mode with no warnings", () => {
    const known = k.arbitrary({ unknownFields: false, unknownEnumValues: false });
    fc.assert(
      fc.property(known, fc.constantFrom(...k.def.formats), (m, format) => {
        const r = decode(k.encode(m, { format }), { strict: true });
        expect(r.warnings).toEqual([]);
        deepStrictEqual(r.payload, m);
      }),
      RUNS,
    );
  });
});
