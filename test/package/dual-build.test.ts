import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT, sample } from "../helpers.js";

/**
 * Both builds of the package in one process, as an application that mixes `import` and
 * `require` gets them: two copies of every class. An error thrown by one build must pass the
 * other's `instanceof` and guards. The built files are loaded (dist/esm by import, dist/cjs by
 * require), not the sources, so the test sees what a consumer sees.
 */
type Api = typeof import("../../generated/src/index.js");
const esm = (await import(pathToFileURL(join(ROOT, "generated/dist/esm/index.js")).href)) as Api;
const cjs = createRequire(import.meta.url)(join(ROOT, "generated/dist/cjs/index.js")) as Api;
const builds = { esm, cjs };

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}
const BAD_BODY = sample("seed-sample-1.xml").replace("<Height>417</Height>", "<Height>4x7</Height>");
const decodeError = (api: Api) => thrown(() => api.decodeCallback(BAD_BODY));
const encodeError = (api: Api) => thrown(() => api.encodeCallback({ EventName: "TaskFinish" } as never));

describe("the ESM and CommonJS builds loaded side by side", () => {
  it("are two copies: their classes differ, so plain instanceof would fail", () => {
    expect(esm.CallbackDecodeError).not.toBe(cjs.CallbackDecodeError);
    expect(esm.CallbackEncodeError).not.toBe(cjs.CallbackEncodeError);
    expect(Object.getPrototypeOf(decodeError(cjs))).not.toBe(esm.CallbackDecodeError.prototype);
  });

  it.each([
    ["cjs", "esm"],
    ["esm", "cjs"],
    ["esm", "esm"],
    ["cjs", "cjs"],
  ] as const)("a CallbackDecodeError thrown by %s is one for %s's instanceof and isCallbackDecodeError", (from, to) => {
    const e = decodeError(builds[from]);
    expect(e instanceof builds[to].CallbackDecodeError).toBe(true);
    expect(builds[to].isCallbackDecodeError(e)).toBe(true);
    expect(e instanceof builds[to].CallbackEncodeError).toBe(false);
    expect(builds[to].isCallbackEncodeError(e)).toBe(false);
    expect((e as InstanceType<Api["CallbackDecodeError"]>).errors.map((x) => x.code)).toEqual(["integer"]);
  });

  it.each([
    ["cjs", "esm"],
    ["esm", "cjs"],
  ] as const)("a CallbackEncodeError thrown by %s is one for %s's instanceof and isCallbackEncodeError", (from, to) => {
    const e = encodeError(builds[from]);
    expect(e instanceof builds[to].CallbackEncodeError).toBe(true);
    expect(builds[to].isCallbackEncodeError(e)).toBe(true);
    expect(e instanceof builds[to].CallbackDecodeError).toBe(false);
    expect(builds[to].isCallbackDecodeError(e)).toBe(false);
  });

  it("other values are neither: errors, look-alikes, primitives", () => {
    const lookAlike = Object.assign(new Error("invalid callback"), { name: "CallbackDecodeError", errors: [], warnings: [] });
    for (const api of [esm, cjs]) {
      for (const v of [new Error("x"), lookAlike, { errors: [] }, null, undefined, "CallbackDecodeError", 1]) {
        expect(v instanceof api.CallbackDecodeError).toBe(false);
        expect(api.isCallbackDecodeError(v)).toBe(false);
        expect(v instanceof api.CallbackEncodeError).toBe(false);
        expect(api.isCallbackEncodeError(v)).toBe(false);
      }
    }
  });

  it("a subclass's instanceof stays the ordinary check; the brand is not enumerable", () => {
    class Wrapped extends esm.CallbackDecodeError {}
    const wrapped = new Wrapped([]);
    expect(wrapped instanceof Wrapped).toBe(true);
    expect(wrapped instanceof cjs.CallbackDecodeError).toBe(true);
    expect(decodeError(esm) instanceof Wrapped).toBe(false);
    const e = decodeError(cjs) as object;
    const brand = Object.getOwnPropertySymbols(e);
    expect(brand.map((s) => [Symbol.keyFor(s), Object.getOwnPropertyDescriptor(e, s)!.enumerable])).toEqual([["tencent-ci-callbacks.CallbackDecodeError", false]]);
  });
});
