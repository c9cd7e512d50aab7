import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeCallback } from "../../generated/src/index.js";
import { interpretedDescriptor } from "../../generator/model/interpret.js";
import { loadModel } from "../../generator/model/load.js";
import { decodeBody } from "../../generator/runtime/dispatch.js";
import { ROOT } from "../helpers.js";

/** Two paths to one answer: the generated decoders, and the model read by the runtime directly (used by the docs). */
const model = loadModel(join(ROOT, "spec"), ROOT);
const outcome = (f: () => { payload: unknown; warnings: readonly unknown[] }) => {
  try {
    const r = f();
    return { payload: r.payload, warnings: r.warnings };
  } catch (e) {
    return { errors: (e as { errors: unknown }).errors };
  }
};

describe("the interpreted model decodes every sample as the generated decoders do", () => {
  for (const p of model.payloads) {
    for (const s of p.samples) {
      it(s.file, () => {
        const body = readFileSync(join(model.specDir, s.file), "utf8");
        const generated = outcome(() => decodeCallback(body));
        expect(outcome(() => decodeBody(body, undefined, [interpretedDescriptor(p)]))).toEqual(generated);
        const hostile = body.replace("TaskFinish", "TaskFinish<Extra>1</Extra>").replace('"TaskFinish"', '"TaskFinish", "Extra": 1');
        expect(outcome(() => decodeBody(hostile, undefined, [interpretedDescriptor(p)]))).toEqual(outcome(() => decodeCallback(hostile)));
      });
    }
  }
});
