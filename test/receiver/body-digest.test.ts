import { describe, expect, it } from "vitest";
import { bodyDigest, digestBytes, hexDigest } from "../../generated/src/runtime/body-digest.js";
import { Rng } from "../fuzz/prng.js";

/**
 * bodyDigest hashes a body of up to 1 MiB in WebAssembly (body-digest.wat) and a longer one in
 * JavaScript (digestBytes): the same digest either way, and the digest it always gave (a key a
 * store kept before an upgrade must still be found after it).
 */
describe("bodyDigest", () => {
  it("gives the digests it gave before it was hashed in WebAssembly", () => {
    // Computed with the JavaScript digest of 2026-11-30 (commit 245d15e).
    const known: [string, string][] = [
      ["", "df3d1fe347294fe6"],
      ["a", "01876d80f37f5a67"],
      ["ab", "5fe42640d4998852"],
      ["abc", "af1a03033bac9ada"],
      ["abcd", "787b4ad825f831a5"],
      ["abcde", "8d6b6cb22f1294b9"],
      ["中文", "c03de892e37312f1"],
      ["<Response/>", "f3947fe9bc9c80c8"],
    ];
    for (const [text, digest] of known) {
      expect(bodyDigest(text), JSON.stringify(text)).toBe(digest);
      expect(bodyDigest(new TextEncoder().encode(text)), JSON.stringify(text)).toBe(digest);
      expect(digestBytes(new TextEncoder().encode(text)), JSON.stringify(text)).toBe(digest);
    }
  });

  it("WebAssembly and JavaScript agree on bytes of every length, at any offset, after a longer body", () => {
    const rng = new Rng(30_111_126);
    const pool = new Uint8Array(4096);
    for (let n = 0; n < 700; n++) {
      const length = n < 300 ? n : rng.int(4000);
      const offset = rng.int(8);
      for (let i = 0; i < length + offset; i++) pool[i] = rng.int(256);
      // A longer body first: its bytes are still in the digest's memory past the shorter one's end.
      bodyDigest(pool.subarray(0, 4096));
      const bytes = pool.subarray(offset, offset + length);
      expect(bodyDigest(bytes), `${length} bytes at ${offset}`).toBe(digestBytes(bytes.slice()));
    }
  });

  it("a text is hashed as its UTF-8 bytes, past ASCII too", () => {
    for (const text of ["é", "😀x", "\u0000", "中".repeat(1000), `<a>${"x".repeat(5000)}</a>`]) expect(bodyDigest(text)).toBe(digestBytes(new TextEncoder().encode(text)));
  });

  it("writes the two lanes as 16 hex digits, the second lane first, each padded to 8", () => {
    const hex = (x: number) => (x >>> 0).toString(16).padStart(8, "0");
    const rng = new Rng(30_111_129);
    const lanes = [0, 1, -1, 0x7fffffff, -0x80000000, 0x0f, 0xf0, 0x00ff00ff, ...Array.from({ length: 500 }, () => rng.int(0x100000000) | 0)];
    for (let i = 0; i < lanes.length; i++) {
      const f1 = lanes[i]!;
      const f2 = lanes[(i * 7 + 3) % lanes.length]!;
      expect(hexDigest(f1, f2)).toBe(hex(f2) + hex(f1));
    }
  });

  it("a body over 1 MiB is hashed in JavaScript, to the digest of the same bytes", () => {
    const big = new Uint8Array((1 << 20) + 5).map((_, i) => (i * 131) & 255);
    expect(bodyDigest(big)).toBe(digestBytes(big));
    expect(bodyDigest(big.subarray(0, 1 << 20))).toBe(digestBytes(big.subarray(0, 1 << 20)));
  });
});
