import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { decodeCallback, decodePicProcessCallbackJson } from "../../generated/src/index.js";
import { decodeErrors, sample } from "../helpers.js";

/**
 * The bodies decoders take: a string, or bytes in any ArrayBuffer view or an ArrayBuffer,
 * whichever realm made them. `instanceof Uint8Array` fails for bytes made in a `vm` context
 * (or by a test runner's realm), so the decoder must not rely on it.
 */
const XML = sample("seed-sample-1.xml");
const JSON_BODY = sample("seed-sample-3.json");
const utf8 = (text: string) => new TextEncoder().encode(text);
/** A Uint8Array (or another view, or an ArrayBuffer) built by code running in a new vm context. */
const foreign = (code: string, bytes: Uint8Array) => runInNewContext(code, { bytes: [...bytes] });

describe("bytes made in another realm decode as bytes of this one", () => {
  it.each([
    ["XML", XML],
    ["JSON", JSON_BODY],
  ])("a %s body as a vm context's Uint8Array", (_what, text) => {
    const bytes = foreign("new Uint8Array(bytes)", utf8(text));
    expect(bytes instanceof Uint8Array).toBe(false); // the realm the fix is for
    expect(decodeCallback(bytes)).toStrictEqual(decodeCallback(text));
  });

  it("a vm context's ArrayBuffer, DataView and Uint16Array (the bytes as laid out)", () => {
    const expected = decodeCallback(JSON_BODY);
    const even = utf8(JSON_BODY + (utf8(JSON_BODY).byteLength % 2 === 1 ? " " : ""));
    for (const code of ["new Uint8Array(bytes).buffer", "new DataView(new Uint8Array(bytes).buffer)", "new Uint16Array(new Uint8Array(bytes).buffer)"]) {
      const body = foreign(code, even);
      expect(body instanceof Object, code).toBe(false); // made in the other realm
      expect(decodeCallback(body), code).toStrictEqual(expected);
    }
  });

  it("a vm context's invalid UTF-8 and oversized bytes get the same refusals as local ones", () => {
    const bad = Uint8Array.of(...utf8('{"EventName": "'), 0xff, ...utf8('"}'));
    expect(decodeErrors(foreign("new Uint8Array(bytes)", bad)).map((e) => e.code)).toEqual(["encoding"]);
    expect(decodeErrors(foreign("new Uint8Array(bytes).buffer", utf8(XML)), { maxBytes: 100 }).map((e) => e.code)).toEqual(["too-large"]);
  });
});

describe("views and ArrayBuffers", () => {
  it("a view over part of a larger buffer reads only its own bytes, in place", () => {
    const inner = utf8(JSON_BODY);
    const buffer = new ArrayBuffer(inner.byteLength + 20);
    new Uint8Array(buffer).fill(0x5b); // "[" everywhere else: reading outside the view would break the body
    new Uint8Array(buffer, 10, inner.byteLength).set(inner);
    const view = new Uint8Array(buffer, 10, inner.byteLength);
    expect(decodePicProcessCallbackJson(view).payload).toStrictEqual(decodeCallback(JSON_BODY).payload);
    expect(decodeCallback(new DataView(buffer, 10, inner.byteLength)).payload).toStrictEqual(decodeCallback(JSON_BODY).payload);
    // The size limit counts the view's bytes, not its buffer's.
    expect(decodeCallback(view, { maxBytes: inner.byteLength }).kind).toBe("PicProcessCallback");
  });

  it("an ArrayBuffer, as fetch's request.arrayBuffer() gives, and a Buffer", () => {
    expect(decodeCallback(utf8(XML).buffer)).toStrictEqual(decodeCallback(XML));
    expect(decodeCallback(Buffer.from(XML))).toStrictEqual(decodeCallback(XML));
  });

  it("anything else is refused with 'format', never thrown at: no object passes for an ArrayBuffer", () => {
    const fakes: unknown[] = [
      { byteLength: 3 },
      Object.create(ArrayBuffer.prototype),
      { [Symbol.toStringTag]: "ArrayBuffer", byteLength: 2 },
      new SharedArrayBuffer(4),
      [0x3c, 0x61, 0x2f, 0x3e],
      null,
      undefined,
      42,
    ];
    for (const body of fakes) expect(decodeErrors(body as string).map((e) => e.code), String(body)).toEqual(["format"]);
  });
});
