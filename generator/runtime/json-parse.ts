import type { DecodeContext } from "./context.js";

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

/** Parses a JSON body; a syntax error names its line, column and offset. */
export function parseJson(json: string, ctx: DecodeContext): { ok: true; value: unknown } | { ok: false } {
  if (depthOf(json, ctx.options.maxDepth) > ctx.options.maxDepth) {
    ctx.error("", "too-deep", `objects and arrays nested at most ${ctx.options.maxDepth} deep`, `deeper nesting (over ${ctx.options.maxDepth})`);
    return { ok: false };
  }
  try {
    return { ok: true, value: JSON.parse(json) as unknown };
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
