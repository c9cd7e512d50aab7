import { describe, expect, it } from "vitest";
import { decodeCallback } from "../../generated/src/index.js";
import { seeds } from "../fuzz/corpus.js";
import { kind } from "../kinds.js";

/**
 * The decoders make each container's model object with a constructor sized for its nodes
 * (modelShape, in the runtime's fields.ts), whose code names every node in a branch that never
 * runs. Its objects must be what `{}` would have been: Object.prototype as their prototype, and
 * only the properties the decoder stored, each enumerable and none undefined.
 */
function problems(value: unknown, path: string, out: string[]): string[] {
  if (Array.isArray(value)) value.forEach((v, i) => problems(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === "object") {
    if (Object.getPrototypeOf(value) !== Object.prototype) out.push(`${path}: prototype is not Object.prototype`);
    const keys = Object.keys(value);
    if (Reflect.ownKeys(value).length !== keys.length) out.push(`${path}: a property that does not enumerate`);
    if (value.constructor !== Object) out.push(`${path}: constructor is not Object`);
    for (const k of keys) {
      const v = (value as Record<string, unknown>)[k];
      if (v === undefined) out.push(`${path}.${k}: undefined`);
      else problems(v, `${path}.${k}`, out);
    }
  }
  return out;
}

describe("model objects are plain objects holding only what was decoded", () => {
  it.each(seeds().map((s) => [s.name, s.text, s.kind]))("%s", (_, body, name) => {
    const { payload } = (name === undefined ? decodeCallback : kind(name).decode)(body);
    expect(problems(payload, "", [])).toEqual([]);
    // Deep equality with the same model rebuilt from plain {} (JSON.parse's objects): nothing differs but identity.
    expect(payload).toStrictEqual(JSON.parse(JSON.stringify(payload)));
  });
});
