import { describe, expect, it } from "vitest";
import { ident, jsdoc, lit } from "../../generator/print/escape.js";

describe("lit: spec text becomes a literal, never code", () => {
  it.each([
    ['He said "hi"', '"He said \\"hi\\""'],
    ["back\\slash", '"back\\\\slash"'],
    ["line\nbreak", '"line\\nbreak"'],
    ["`${process.exit()}`", '"`${process.exit()}`"'],
    ["</script>", '"</script>"'],
    ["\u2028\u2029", '"\\u2028\\u2029"'],
  ])("%j", (text, expected) => {
    expect(lit(text)).toBe(expected);
    expect(eval(lit(text))).toBe(text);
  });

  it("quotes object keys that are not identifiers and keeps nested values literal", () => {
    const value = { kind: "enum", values: ["a\"b", "c"], "not-ident": 1, delete: true };
    const code = lit(value);
    expect(code).toBe('{ kind: "enum", values: ["a\\"b", "c"], "not-ident": 1, "delete": true }');
    expect(eval(`(${code})`)).toEqual(value);
  });

  it("refuses values without a literal", () => {
    expect(() => lit(undefined)).toThrow();
    expect(() => lit(Number.NaN)).toThrow();
  });
});

describe("ident: only plain, non-reserved identifiers pass", () => {
  it.each(["decodeFoo", "_x", "$y", "PicProcessCallback"])("accepts %s", (n) => expect(ident(n)).toBe(n));
  it.each(["delete", "class", "1abc", "a-b", "a.b", "", "x; process.exit()"])("refuses %j", (n) => expect(() => ident(n)).toThrow());
});

describe("jsdoc: text cannot end the comment or start a tag", () => {
  it("escapes */", () => {
    const doc = jsdoc("evil */ process.exit() /*");
    expect(doc).not.toContain("*/");
    expect(doc).toContain("*\\/");
  });
  it("neutralises a leading @ on each line", () => {
    expect(jsdoc("text\n@deprecated not really")).toBe("text\n\\@deprecated not really");
  });
});
