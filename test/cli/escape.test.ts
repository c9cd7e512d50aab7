import { describe, expect, it } from "vitest";
import { escapeControls } from "../../generated/src/runtime/escape.js";

/** escapeControls: the CLI's last guard before text from a body reaches a terminal or a log. */
describe("escapeControls", () => {
  it("escapes newline, carriage return and tab by name", () => {
    expect(escapeControls("a\nb\rc\td")).toBe("a\\nb\\rc\\td");
  });

  it("escapes every other C0 control, DEL and every C1 control as \\u plus four hex digits", () => {
    for (let c = 0; c <= 0x9f; c++) {
      if (c >= 0x20 && c < 0x7f) continue;
      const ch = String.fromCharCode(c);
      const expected = ({ "\n": "\\n", "\r": "\\r", "\t": "\\t" } as Record<string, string>)[ch] ?? `\\u${c.toString(16).padStart(4, "0")}`;
      expect(escapeControls(`x${ch}y`), c.toString(16)).toBe(`x${expected}y`);
    }
    expect(escapeControls("\u001b[31mred")).toBe("\\u001b[31mred");
  });

  it("escapes the line and paragraph separators and the bidirectional controls", () => {
    const chars = [0x2028, 0x2029, 0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];
    for (const c of chars) expect(escapeControls(String.fromCharCode(c))).toBe(`\\u${c.toString(16).padStart(4, "0")}`);
  });

  it("escapes lone surrogates and keeps pairs", () => {
    expect(escapeControls("a\ud800b")).toBe("a\\ud800b");
    expect(escapeControls("a\udc00b")).toBe("a\\udc00b");
    expect(escapeControls("\ud800")).toBe("\\ud800");
    expect(escapeControls("\udfff\ud800")).toBe("\\udfff\\ud800");
    expect(escapeControls("😀 \ud83d\ude00")).toBe("😀 😀");
  });

  it("keeps printable text as it is: ASCII, backslashes, quotes, CJK, emoji, accents, U+200B", () => {
    const text = 'JobsDetail["Input.BucketId"]: expected "x", found \\n 中文 é 😀 \u200b \u00a0';
    expect(escapeControls(text)).toBe(text);
  });
});
