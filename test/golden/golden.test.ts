import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CallbackDecodeError, type DecodeIssue, decodeCallback } from "../../generated/src/index.js";
import { loadModel } from "../../generator/model/load.js";
import type { PayloadDef } from "../../generator/model/types.js";
import { ROOT } from "../helpers.js";
import { kind, type KindApi } from "../kinds.js";

/**
 * Golden files: every sample of every payload in the spec decodes to the model JSON under
 * test/golden/<payload>/<sample>.model.json; invalid samples to the errors in
 * <sample>.errors.txt. `npm run test:update` rewrites them; review the diff.
 * Callbacks are decoded by decodeCallback (so recognising their kind is tested too); job
 * responses, which have no match rules, by their own decoder.
 */
const model = loadModel(join(ROOT, "spec"), ROOT);

/** Callbacks go through decodeCallback (so recognising their kind is tested too); job responses through their own decoder. */
function decoderOf(p: PayloadDef): KindApi["decode"] {
  return p.match.length > 0 ? decodeCallback : kind(p.name).decode;
}
const named = (issues: readonly DecodeIssue[]) => issues.map((i) => `${i.path}: ${i.code}`);

describe("every payload kind", () => {
  it.each(model.payloads.map((p) => [p.name, p] as const))("%s has samples, and a valid one", (_, p) => {
    expect(p.samples.length).toBeGreaterThan(0);
    expect(p.samples.some((s) => !s.invalid && s.decodesAs === undefined)).toBe(true);
  });
});

for (const payload of model.payloads) {
  describe(`${payload.name} samples`, () => {
    const decode = decoderOf(payload);
    for (const s of payload.samples) {
      const body = readFileSync(join(model.specDir, s.file), "utf8");
      const base = join(ROOT, "test/golden", payload.slug, s.file.split("/").pop()!);
      if (s.invalid) {
        it(`${s.file} is refused (${s.source})`, async () => {
          let error: unknown;
          try {
            decode(body);
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(CallbackDecodeError);
          const errors = (error as CallbackDecodeError).errors;
          if (s.errors.length > 0) expect([...new Set(errors.map((e) => e.code))].sort()).toEqual([...s.errors].sort());
          const lines = errors.map((e) => `${e.code} ${e.path || "(body)"}: ${e.message}`);
          await expect(lines.join("\n") + "\n").toMatchFileSnapshot(`${base}.errors.txt`);
        });
        continue;
      }
      it(`${s.file} decodes to its golden model (${s.source})`, async () => {
        const { kind, payload: decoded, warnings } = decode(body);
        expect(kind).toBe(s.decodesAs ?? payload.name);
        expect(named(warnings)).toEqual(s.warnings);
        await expect(JSON.stringify(decoded, null, 2) + "\n").toMatchFileSnapshot(`${base}.model.json`);
      });
      if (s.sameAs) {
        it(`${s.file} decodes to the same model as ${s.sameAs}`, () => {
          const other = readFileSync(join(model.specDir, s.sameAs!), "utf8");
          expect(decode(body).payload).toStrictEqual(decode(other).payload);
        });
      }
    }
  });
}
