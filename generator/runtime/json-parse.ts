import type { DecodeContext } from "./context.js";
import { childPath } from "./issues.js";

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

/** Deepest nesting of objects and arrays, counted outside strings. */
function depthOf(json: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** Index just past the string literal that opens at `start` (a '"'). */
function stringEnd(json: string, start: number): number {
  for (let i = start + 1; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) return i + 1;
  }
  return json.length;
}

/**
 * The first key that appears twice in one object of a well-formed JSON text, with its model
 * path. JSON.parse keeps the last copy silently; which copy is right cannot be known.
 */
export function duplicateKey(json: string): { path: string; key: string } | undefined {
  // One frame per open object or array: its keys so far and the key or index being read.
  const stack: { keys: Set<string> | undefined; at: string | number }[] = [];
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 34) {
      const end = stringEnd(json, i);
      const top = stack[stack.length - 1];
      if (expectKey && top?.keys) {
        const key = JSON.parse(json.slice(i, end)) as string;
        if (top.keys.has(key)) {
          const path = stack.slice(0, -1).reduce<string>((p, f) => childPath(p, f.at), "");
          return { path: childPath(path, key), key };
        }
        top.keys.add(key);
        top.at = key;
        expectKey = false;
      }
      i = end - 1;
    } else if (c === 123) {
      stack.push({ keys: new Set(), at: "" });
      expectKey = true;
    } else if (c === 91) stack.push({ keys: undefined, at: 0 });
    else if (c === 125 || c === 93) stack.pop();
    else if (c === 44) {
      const top = stack[stack.length - 1];
      if (top?.keys) expectKey = true;
      else if (top) top.at = (top.at as number) + 1;
    }
  }
  return undefined;
}

/** Parses a JSON body; a syntax error names its line, column and offset. */
export function parseJson(json: string, ctx: DecodeContext): { ok: true; value: unknown } | { ok: false } {
  if (depthOf(json, ctx.options.maxDepth) > ctx.options.maxDepth) {
    ctx.error("", "too-deep", `objects and arrays nested at most ${ctx.options.maxDepth} deep`, `deeper nesting (over ${ctx.options.maxDepth})`);
    return { ok: false };
  }
  try {
    const value = JSON.parse(json) as unknown;
    const twice = duplicateKey(json);
    if (twice) {
      ctx.error(twice.path, "duplicate", `each key once per object`, `"${twice.key}" twice`);
      return { ok: false };
    }
    return { ok: true, value };
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : json.length;
    const { line, column } = lineColumn(json, offset);
    const reason = message.replace(/ in JSON at position \d+.*$/s, "").replace(/\s*\(line \d+ column \d+\)$/, "");
    ctx.fail("", "syntax", `the body is not valid JSON at line ${line}, column ${column} (offset ${offset}): ${reason}`);
    return { ok: false };
  }
}
