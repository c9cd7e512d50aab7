import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { interpretedDescriptor } from "../../generator/model/interpret.js";
import { decodeBody } from "../../generator/runtime/dispatch.js";
import { ROOT } from "../helpers.js";
import { kinds } from "../kinds.js";

/**
 * Two paths to one answer: the generated decoders, and the model read by the runtime directly
 * (used by the docs). Each sample is decoded with the one kind it is listed under, both ways.
 */
const outcome = (f: () => { payload: unknown; warnings: readonly unknown[] }) => {
  try {
    const r = f();
    return { payload: r.payload, warnings: r.warnings };
  } catch (e) {
    return { errors: (e as { errors: unknown }).errors };
  }
};

describe("the interpreted model decodes every sample as the generated decoders do", () => {
  for (const k of kinds()) {
    const descriptor = interpretedDescriptor(k.def);
    for (const s of k.def.samples) {
      it(`${k.name}: ${s.file}`, () => {
        const body = readFileSync(join(ROOT, "spec", s.file), "utf8");
        expect(outcome(() => decodeBody(body, undefined, [descriptor]))).toEqual(outcome(() => k.decode(body)));
        // An unknown node next to the first leaf: kept and warned about the same way.
        const hostile = body.replace(/<\/([A-Za-z]+)>/, "</$1><Extra>1</Extra>").replace(/^(\s*\{)/, '$1 "Extra": 1,');
        expect(outcome(() => decodeBody(hostile, undefined, [descriptor]))).toEqual(outcome(() => k.decode(hostile)));
      });
    }
  }
});
