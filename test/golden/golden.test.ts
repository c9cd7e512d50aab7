import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CallbackDecodeError, decodeCallback } from "../../generated/src/index.js";
import { loadModel } from "../../generator/model/load.js";
import { ROOT } from "../helpers.js";

/**
 * Golden files: every sample of every payload in the spec decodes to the model JSON under
 * test/golden/<payload>/<sample>.model.json; invalid samples to the errors in
 * <sample>.errors.txt. `npm run test:update` rewrites them; review the diff.
 */
const model = loadModel(join(ROOT, "spec"), ROOT);

for (const payload of model.payloads) {
  describe(`${payload.name} samples`, () => {
    for (const s of payload.samples) {
      const body = readFileSync(join(model.specDir, s.file), "utf8");
      const base = join(ROOT, "test/golden", payload.slug, s.file.split("/").pop()!);
      if (s.invalid) {
        it(`${s.file} is refused (${s.source})`, async () => {
          let error: unknown;
          try {
            decodeCallback(body);
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(CallbackDecodeError);
          const lines = (error as CallbackDecodeError).errors.map((e) => `${e.code} ${e.path || "(body)"}: ${e.message}`);
          await expect(lines.join("\n") + "\n").toMatchFileSnapshot(`${base}.errors.txt`);
        });
        continue;
      }
      it(`${s.file} decodes to its golden model (${s.source})`, async () => {
        const { kind, payload: decoded, warnings } = decodeCallback(body);
        expect(kind).toBe(payload.name);
        expect(warnings).toEqual([]);
        await expect(JSON.stringify(decoded, null, 2) + "\n").toMatchFileSnapshot(`${base}.model.json`);
      });
      if (s.sameAs) {
        it(`${s.file} decodes to the same model as ${s.sameAs}`, () => {
          const other = readFileSync(join(model.specDir, s.sameAs!), "utf8");
          expect(decodeCallback(body).payload).toStrictEqual(decodeCallback(other).payload);
        });
      }
    }
  });
}
