/**
 * A strict JSON reader that keeps what the importer needs and V8 does not give: the line and
 * column of the first fault (Node 20 often reports neither), whether a number came as a
 * number or as a string, and duplicate keys.
 */

export type JsonValue =
  | { readonly kind: "object"; readonly entries: ReadonlyArray<readonly [string, JsonValue]>; readonly line: number }
  | { readonly kind: "array"; readonly items: readonly JsonValue[]; readonly line: number }
  | { readonly kind: "string"; readonly value: string; readonly line: number }
  | { readonly kind: "number"; readonly value: string; readonly line: number }
  | { readonly kind: "boolean"; readonly value: boolean; readonly line: number }
  | { readonly kind: "null"; readonly line: number };

export class JsonFault extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${message}`);
  }
}

/** 1-based line and column (in UTF-16 code units) of an offset. */
export function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

export function scanJson(text: string): JsonValue {
  let i = 0;
  const fail = (msg: string, at = i): never => {
    const p = position(text, at);
    throw new JsonFault(msg, p.line, p.column);
  };
  const found = (at = i) => (at >= text.length ? "the end of the text" : JSON.stringify(text[at]));
  const ws = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const lineAt = (at: number) => position(text, at).line;
  const str = (): string => {
    const start = i;
    i++; // opening quote
    let out = "";
    for (;;) {
      if (i >= text.length) fail("unterminated string", start);
      const c = text[i]!;
      if (c === '"') {
        i++;
        return out;
      }
      if (c === "\\") {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail(`invalid escape ${JSON.stringify("\\" + (e ?? ""))} in a string`);
        continue;
      }
      if (c.charCodeAt(0) < 0x20) fail("a control character (such as a line break) inside a string");
      out += c;
      i++;
    }
  };
  const value = (): JsonValue => {
    ws();
    const line = lineAt(i);
    const c = text[i];
    if (c === "{") {
      i++;
      const entries: [string, JsonValue][] = [];
      const seen = new Set<string>();
      ws();
      if (text[i] === "}") {
        i++;
        return { kind: "object", entries, line };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(text[i] === "}" ? "a trailing comma before }" : `expected a key in double quotes, found ${found()}`);
        const keyAt = i;
        const key = str();
        if (seen.has(key)) fail(`duplicate key ${JSON.stringify(key)}`, keyAt);
        seen.add(key);
        ws();
        if (text[i] !== ":") fail(`expected ':' after the key ${JSON.stringify(key)}, found ${found()}`);
        i++;
        entries.push([key, value()]);
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return { kind: "object", entries, line };
        }
        fail(`expected ',' or '}' after a value, found ${found()}`);
      }
    }
    if (c === "[") {
      i++;
      const items: JsonValue[] = [];
      ws();
      if (text[i] === "]") {
        i++;
        return { kind: "array", items, line };
      }
      for (;;) {
        ws();
        if (text[i] === "]") fail("a trailing comma before ]");
        items.push(value());
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return { kind: "array", items, line };
        }
        fail(`expected ',' or ']' after a value, found ${found()}`);
      }
    }
    if (c === '"') return { kind: "string", value: str(), line };
    const num = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (num && num[0] !== "" && num[0] !== "-") {
      i += num[0].length;
      return { kind: "number", value: num[0], line };
    }
    for (const [word, v] of [
      ["true", { kind: "boolean", value: true, line }],
      ["false", { kind: "boolean", value: false, line }],
      ["null", { kind: "null", line }],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    return fail(`expected a value, found ${found()}`);
  };
  const v = value();
  ws();
  if (i < text.length) fail(`unexpected ${found()} after the end of the JSON value`);
  return v;
}
