import { describe, expect, it } from "vitest";
import { JsonFault, scanJson } from "../../generator/import/json-scan.js";

function fault(text: string): { line: number; column: number; message: string } {
  try {
    scanJson(text);
  } catch (e) {
    if (e instanceof JsonFault) return { line: e.line, column: e.column, message: e.message };
    throw e;
  }
  throw new Error("no fault");
}

describe("scanJson", () => {
  it("keeps how each leaf was written: numbers as numbers, numeric text as strings", () => {
    const v = scanJson('{"a": 417, "b": "417", "c": [true, null]}');
    expect(v.kind).toBe("object");
    if (v.kind !== "object") return;
    expect(v.entries.map(([k, x]) => [k, x.kind])).toEqual([
      ["a", "number"],
      ["b", "string"],
      ["c", "array"],
    ]);
  });

  it("reports a trailing comma at the closing brace's line and column", () => {
    expect(fault('{\n  "a": 1,\n}')).toMatchObject({ line: 3, column: 1, message: expect.stringContaining("trailing comma") });
  });

  it("reports a doubled backslash escape where it is", () => {
    expect(fault('{\n  "Etag": "\\"abc\\\\"x\\""\n}')).toMatchObject({ line: 2 });
  });

  it("reports a duplicate key at the second key", () => {
    expect(fault('{"a": 1,\n "a": 2}')).toMatchObject({ line: 2, column: 2, message: expect.stringContaining("duplicate key") });
  });

  it("reports a body that ends early at its end", () => {
    expect(fault('{\n  "a": [1, 2')).toMatchObject({ line: 2, column: 13 });
  });

  it("reports a line break inside a string", () => {
    expect(fault('{"a": "x\ny"}')).toMatchObject({ line: 1, column: 9 });
  });
});
