import { describe, expect, it } from "vitest";
import {
  DEFAULT_LIMITS,
  decodeCallback,
  decodePicProcessCallback,
  decodePicProcessCallbackJson,
  decodePicProcessCallbackXml,
  encodeCallback,
  encodePicProcessCallback,
  validatePicProcessCallback,
} from "../../generated/src/index.js";
import { sample } from "../helpers.js";

/**
 * Options are checked, never read loosely: a value of the wrong type is a TypeError (strict:
 * "yes" was silently false), a number out of range or a format not listed a RangeError, and
 * absent options take their defaults. Every entry point checks them the same way.
 */
const XML = sample("seed-sample-1.xml");
const JSON_BODY = sample("seed-sample-3.json");
const MODEL = decodeCallback(XML).payload;

type Call = (options: unknown) => unknown;
const decoders: [string, Call][] = [
  ["decodeCallback", (o) => decodeCallback(XML, o as never)],
  ["decodePicProcessCallback", (o) => decodePicProcessCallback(XML, o as never)],
  ["decodePicProcessCallbackXml", (o) => decodePicProcessCallbackXml(XML, o as never)],
  ["decodePicProcessCallbackJson", (o) => decodePicProcessCallbackJson(JSON_BODY, o as never)],
];
const encoders: [string, Call][] = [
  ["encodeCallback", (o) => encodeCallback(MODEL, o as never)],
  ["encodePicProcessCallback", (o) => encodePicProcessCallback(MODEL as never, o as never)],
];
const validators: [string, Call][] = [["validatePicProcessCallback", (o) => validatePicProcessCallback(MODEL, o as never)]];
const all = [...decoders, ...encoders, ...validators];

/** What `call` throws: its class and message. */
function thrown(call: () => unknown): { type: string; message: string } {
  try {
    call();
  } catch (e) {
    return { type: (e as Error).constructor.name, message: (e as Error).message };
  }
  return { type: "nothing", message: "" };
}

describe("the options argument itself", () => {
  it.each(all)("%s: anything but an object or undefined is a TypeError", (_name, call) => {
    for (const options of ["strict", 5, true, null, [], () => ({})]) {
      expect(thrown(() => call(options)), String(options)).toMatchObject({ type: "TypeError", message: expect.stringMatching(/^options must be an object \(or undefined\), got /) });
    }
  });

  it.each(all)("%s: undefined and {} are the defaults", (_name, call) => {
    expect(thrown(() => call(undefined)).type).toBe("nothing");
    expect(thrown(() => call({})).type).toBe("nothing");
  });
});

describe("decode options", () => {
  it.each(decoders)("%s: wrong types are TypeErrors naming the option and what was given", (_name, call) => {
    expect(thrown(() => call({ strict: "yes" }))).toEqual({ type: "TypeError", message: 'option strict must be true or false, got the string "yes"' });
    expect(thrown(() => call({ strict: 1 }))).toEqual({ type: "TypeError", message: "option strict must be true or false, got the number 1" });
    expect(thrown(() => call({ maxBytes: "10" }))).toEqual({ type: "TypeError", message: 'option maxBytes must be a positive integer, got the string "10"' });
    expect(thrown(() => call({ maxDepth: null }))).toEqual({ type: "TypeError", message: "option maxDepth must be a positive integer, got null" });
    expect(thrown(() => call({ maxItems: 10n }))).toEqual({ type: "TypeError", message: "option maxItems must be a positive integer, got the bigint 10n" });
    expect(thrown(() => call({ maxTextLength: [5] }))).toEqual({ type: "TypeError", message: "option maxTextLength must be a positive integer, got an array" });
  });

  it.each(decoders.slice(0, 2))("%s: format of the wrong type is a TypeError; an unknown format a RangeError", (_name, call) => {
    expect(thrown(() => call({ format: 1 }))).toEqual({ type: "TypeError", message: 'option format must be "xml" or "json", got the number 1' });
    expect(thrown(() => call({ format: "yaml" }))).toEqual({ type: "RangeError", message: 'option format must be "xml" or "json", got "yaml"' });
  });

  it.each(decoders.slice(2))("%s checks a format it is not meant to be given, too", (_name, call) => {
    expect(thrown(() => call({ format: 1 })).type).toBe("TypeError");
  });

  it.each(decoders)("%s: a number that is not a positive integer is a RangeError", (_name, call) => {
    for (const v of [1.5, 0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(thrown(() => call({ maxDepth: v })), String(v)).toEqual({ type: "RangeError", message: `option maxDepth must be a positive integer, got ${String(v)}` });
    }
  });

  it("every limit in DEFAULT_LIMITS is checked the same way", () => {
    const limits = Object.keys(DEFAULT_LIMITS);
    expect(limits.length).toBeGreaterThanOrEqual(4);
    for (const name of limits) {
      expect(thrown(() => decodeCallback(XML, { [name]: "10" })), name).toMatchObject({ type: "TypeError", message: expect.stringContaining(`option ${name} must be a positive integer`) });
      expect(thrown(() => decodeCallback(XML, { [name]: 2.5 })), name).toMatchObject({ type: "RangeError", message: expect.stringContaining(`option ${name} must be a positive integer`) });
      expect(thrown(() => decodeCallback(XML, { [name]: undefined })).type, name).toBe("nothing");
    }
  });

  it("valid values still work, and an explicit false or undefined is the default", () => {
    const body = XML.replace("<State>Success</State>", "<State>Paused</State>");
    expect(decodeCallback(body, { strict: false }).warnings.map((w) => w.code)).toEqual(["enum"]);
    expect(decodeCallback(body, { strict: undefined, format: undefined, maxBytes: undefined }).warnings.map((w) => w.code)).toEqual(["enum"]);
    expect(thrown(() => decodeCallback(body, { strict: true })).type).toBe("CallbackDecodeError");
    expect(decodePicProcessCallbackXml(XML, { maxDepth: 10 }).kind).toBe("PicProcessCallback");
  });

  it("an entry point for one format reads that format, with options or without, and the other entry points keep detecting", () => {
    const codes = (call: () => unknown) => {
      try {
        call();
      } catch (e) {
        return (e as { errors: { code: string }[] }).errors.map((i) => i.code);
      }
      return [];
    };
    for (let round = 0; round < 2; round++) {
      expect(codes(() => decodePicProcessCallbackXml(JSON_BODY))).toEqual(["syntax"]);
      expect(codes(() => decodePicProcessCallbackXml(JSON_BODY, { maxDepth: 10 }))).toEqual(["syntax"]);
      expect(codes(() => decodePicProcessCallbackJson(XML))).toEqual(["syntax"]);
      expect(codes(() => decodePicProcessCallbackJson(XML, { maxDepth: 10 }))).toEqual(["syntax"]);
      expect(decodePicProcessCallbackXml(XML).kind).toBe("PicProcessCallback");
      expect(decodePicProcessCallbackJson(JSON_BODY).kind).toBe("PicProcessCallback");
      expect(decodeCallback(XML).kind).toBe("PicProcessCallback");
      expect(decodeCallback(JSON_BODY).kind).toBe("PicProcessCallback");
      expect(decodePicProcessCallback(JSON_BODY).kind).toBe("PicProcessCallback");
    }
  });

  it("a string's value is shown briefly and escaped", () => {
    const { message } = thrown(() => decodeCallback(XML, { strict: "x\n".repeat(100) as never }));
    expect(message).not.toContain("\n");
    expect(message.length).toBeLessThan(120);
  });
});

describe("validate and encode options", () => {
  it.each(validators)("%s: strict of the wrong type is a TypeError; true and false work", (_name, call) => {
    expect(thrown(() => call({ strict: "yes" }))).toEqual({ type: "TypeError", message: 'option strict must be true or false, got the string "yes"' });
    const unknown = { ...MODEL, Extra: 1 };
    expect(validatePicProcessCallback(unknown, { strict: false }).valid).toBe(true);
    expect(validatePicProcessCallback(unknown, { strict: true }).valid).toBe(false);
  });

  it.each(encoders)("%s: format of the wrong type is a TypeError, an unknown one a RangeError", (_name, call) => {
    expect(thrown(() => call({ format: 1 }))).toEqual({ type: "TypeError", message: 'option format must be "xml" or "json", got the number 1' });
    expect(thrown(() => call({ format: "yaml" }))).toEqual({ type: "RangeError", message: 'option format must be "xml" or "json", got "yaml"' });
    expect(thrown(() => call("json")).type).toBe("TypeError"); // was spread into { 0: "j", ... } and written as XML
    expect(call({ format: "json" })).toMatch(/^\{/);
    expect(call({})).toMatch(/^<Response>/);
  });
});
