import type { DecodeContext } from "./context.js";
import { resized } from "./int32-array.js";
import { childPath, show } from "./issues.js";
import { isPlainJson } from "./json-precheck.js";
import { parsedForProof, tallyMayProve, walkProof } from "./json-verified.js";

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

// Character codes the scan tests.
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const APOSTROPHE = 39;
const STAR = 42;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const ZERO = 48;
const ONE = 49;
const NINE = 57;
const COLON = 58;
const LESS = 60;
const BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const BRACE = 123;
const CLOSE_BRACE = 125;

const OBJECT = 0;
const ARRAY = 1;

/** Keys of an object up to this many are compared in place in the text; more go into a Set. */
const SMALL = 8;

/**
 * V8 hashes a string of more than 16,383 characters by its length alone, which would make a Set
 * of long keys quadratic: a longer key is checked for duplicates as the list of its chunks of
 * this length, each chunk numbered once per body.
 */
const LONG_KEY = 16_383;

/** The text childPath appends for `member` to a non-empty path, or writes for it at the top. */
const DUMMY = "x";
function segment(member: string | number, top: boolean): string {
  return top ? childPath("", member) : childPath(DUMMY, member).slice(DUMMY.length);
}
/**
 * What childPath writes for list index 0. A single node may come as a one-element array and a
 * repeated node as a plain value: the decoder's path then has a `[0]` the body does not, or the
 * other way round. Paths are compared with every `[0]` left out; a name cannot be both an array
 * and not, so each number still has a path of its own.
 */
const INDEX_0 = segment(0, false);
const withoutIndex0 = (path: string) => path.split(INDEX_0).join("");
/** The characters a segment after the first starts with (`.` and `[` today). */
const STARTS = new Set([segment("a", false), segment(1, false), segment("a.b", false), segment("a b", false), segment("", false)].map((t) => t[0]));

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}
function isHex(c: number): boolean {
  return (c >= ZERO && c <= NINE) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
/** An escape as the body writes it (`\\x`), or shown as a JSON string when it holds characters that do not print. */
const asWritten = (text: string) => (/^[\x21-\x7e]+$/.test(text) ? text : show(text));
const unit = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;

/** How a control character is written inside a JSON string. */
const ESCAPES: Readonly<Record<number, string>> = { 8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r" };

/**
 * One pass over a JSON text (RFC 8259) before JSON.parse builds it: finds the first fault
 * with its exact line, column and offset (V8 on Node 20 gives no position for many), refuses
 * nesting deeper than maxDepth, containers over maxItems and bodies over maxNodes values as
 * soon as the limit is crossed,
 * finds duplicate keys (JSON.parse would keep the last copy silently), and notes the numbers
 * whose text JSON.parse would not keep: fractions, exponents and integers of 16 digits or more.
 * Linear in the length of the text, whatever its shape. Faults go to `ctx`.
 */
class JsonScan {
  private depth = 0;
  /** Values read so far (objects, arrays, strings, numbers, true, false, null), against maxNodes. */
  private nodes = 0;
  // One entry per open object or array (index 1 is the outermost).
  private readonly kind: number[] = [0];
  private readonly count: number[] = [0];
  private readonly openAt: number[] = [0];
  /** The current key of an object: offsets of its opening quote and just past its closing quote, and whether it holds an escape. */
  private readonly keyAt: number[] = [0];
  private readonly keyEnd: number[] = [0];
  private readonly keyEscaped: boolean[] = [false];
  /** Per open object: the offsets of its first keys (see SMALL), then the Sets of its keys. */
  private readonly small: number[][] = [[]];
  private readonly keys: (Set<string> | undefined)[] = [undefined];
  private readonly longKeys: (Set<string> | undefined)[] = [undefined];
  /** The chunks of long keys (see LONG_KEY), numbered. */
  private readonly chunks = new Map<string, number>();
  /** Ids (in `notes`) of the open containers, valid up to depth `noted`. */
  private readonly ids: number[] = [0];
  private noted = 0;
  /** Whether the string read last held a backslash. */
  private escaped = false;
  /** The numbers whose text JSON.parse would not keep, with where they sit. */
  notes: NumberNotes | undefined;

  constructor(
    private readonly s: string,
    private readonly ctx: DecodeContext,
  ) {}

  /** True when the text is one valid JSON value within the limits. */
  run(): boolean {
    const s = this.s;
    const n = s.length;
    let i = this.space(0);
    if (i < 0) return false;
    if (i >= n) return this.fault(i, "the body holds no JSON value") >= 0;
    if (s.charCodeAt(i) === LESS) return this.fault(i, `the body is XML, not JSON: it starts with "<"`) >= 0;
    const maxNodes = this.ctx.options.maxNodes;
    // Each turn reads the value at `i`, then what follows it up to the next value: closing
    // brackets, a comma, and in an object the next key and its colon.
    for (;;) {
      if (++this.nodes > maxNodes) return this.stop(i, `over maxNodes (${maxNodes}) objects, arrays and values in the body`, "");
      let c = s.charCodeAt(i);
      if (c === QUOTE) i = this.string(i);
      else if (c === MINUS || isDigit(c)) i = this.number(i);
      else if (c === BRACE || c === BRACKET) {
        const object = c === BRACE;
        if (!this.push(object ? OBJECT : ARRAY, i)) return false;
        i = this.space(i + 1);
        if (i < 0) return false;
        if (s.charCodeAt(i) !== (object ? CLOSE_BRACE : CLOSE_BRACKET)) {
          i = object ? this.member(i, -1) : this.item(i, -1);
          if (i < 0) return false;
          continue;
        }
        this.pop();
        i++;
      } else if (s.startsWith("true", i) || s.startsWith("null", i)) i += 4;
      else if (s.startsWith("false", i)) i += 5;
      else {
        this.notValue(i);
        return false;
      }
      if (i < 0) return false;
      for (;;) {
        c = s.charCodeAt(i);
        if (c <= SPACE || c === SLASH) {
          i = this.space(i);
          if (i < 0) return false;
          c = s.charCodeAt(i);
        }
        const d = this.depth;
        if (d === 0) return i >= n || this.fault(i, `text after the JSON value: found ${this.found(i)}`) >= 0;
        const object = this.kind[d] === OBJECT;
        if (c === COMMA) {
          const comma = i;
          i = this.space(i + 1);
          if (i >= 0) i = object ? this.member(i, comma) : this.item(i, comma);
          if (i < 0) return false;
          break;
        }
        if (c === (object ? CLOSE_BRACE : CLOSE_BRACKET)) {
          this.pop();
          i++;
        } else if (i >= n) return this.ended(i) >= 0;
        else {
          const after = object ? `"," or "}" after the value of ${show(this.keyText(d))}` : `"," or "]" after an item of the array`;
          return this.fault(i, `expected ${after}, found ${this.found(i)}`) >= 0;
        }
      }
    }
  }

  /** An item of the innermost array is due at `i`, after the comma at `comma` (or -1): counts it. Returns `i`, or -1. */
  private item(i: number, comma: number): number {
    if (comma >= 0 && this.s.charCodeAt(i) === CLOSE_BRACKET) return this.fault(comma, `a trailing comma before "]"`);
    const d = this.depth;
    if (this.counted(d) <= this.ctx.options.maxItems) return i;
    this.tooLarge(d, "items", i);
    return -1;
  }

  /** A key of the innermost object is due at `i`, after the comma at `comma` (or -1): reads it and its colon. Returns where its value starts, or -1. */
  private member(i: number, comma: number): number {
    const s = this.s;
    if (s.charCodeAt(i) !== QUOTE) {
      this.notKey(i, comma);
      return -1;
    }
    const end = this.string(i);
    if (end < 0) return -1;
    // A key is a name: it counts against maxTextLength, as an XML element or attribute name does.
    const max = this.ctx.options.maxTextLength;
    if (end - i - 2 > max && (!this.escaped || (JSON.parse(s.slice(i, end)) as string).length > max)) {
      this.stop(i, `a key over maxTextLength (${max} characters)`, this.pathOf(this.depth));
      return -1;
    }
    if (!this.key(i, end)) return -1;
    const j = this.space(end);
    if (j < 0) return -1;
    if (s.charCodeAt(j) !== COLON) return j >= s.length ? this.ended(j) : this.fault(j, `expected ":" after the key ${show(this.keyText(this.depth))}, found ${this.found(j)}`);
    return this.space(j + 1);
  }

  /** Reports a syntax fault at `offset`; returns -1. */
  private fault(offset: number, reason: string): number {
    const { line, column } = lineColumn(this.s, offset);
    this.ctx.fail("", "syntax", `the body is not valid JSON at line ${line}, column ${column} (offset ${offset}): ${reason}`);
    return -1;
  }

  /** `line L, column C` of an offset, for a message. */
  private at(offset: number): string {
    const { line, column } = lineColumn(this.s, offset);
    return `line ${line}, column ${column}`;
  }

  /** The body ends where more is due: inside the innermost open object or array. */
  private ended(end: number): number {
    const d = this.depth;
    if (d === 0) return this.fault(end, "the body ends before the JSON value does");
    return this.fault(end, `the body ends inside the ${this.kind[d] === OBJECT ? "object" : "array"} that opens at ${this.at(this.openAt[d]!)}`);
  }

  /** What the text holds at `i`, for a message: a word, one character, or the end. */
  private found(i: number): string {
    if (i >= this.s.length) return "the end of the body";
    const word = /[A-Za-z0-9_$+\-.]+/y;
    word.lastIndex = i;
    const m = word.exec(this.s);
    return show(m ? m[0].slice(0, 40) : String.fromCodePoint(this.s.codePointAt(i)!));
  }

  /** Skips white space; a comment is a fault. Returns the next offset, or -1. */
  private space(i: number): number {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === SPACE || c === LF || c === CR || c === TAB) i++;
      else if (c === SLASH && (s.charCodeAt(i + 1) === SLASH || s.charCodeAt(i + 1) === STAR)) {
        return this.fault(i, `a comment ("${s.slice(i, i + 2)}"): JSON has no comments`);
      } else return i;
    }
  }

  /** Why no value starts at `i`. */
  private notValue(i: number): void {
    const s = this.s;
    const c = s.charCodeAt(i);
    if (i >= s.length || (s.length - i < 5 && ["true", "false", "null"].some((w) => w.startsWith(s.slice(i))))) this.ended(s.length);
    else if (c === APOSTROPHE) this.fault(i, "a single-quoted string: JSON strings take double quotes");
    else if (c === PLUS) this.fault(i, `the number ${this.token(i)} has a leading "+": JSON numbers take no plus sign`);
    else if (c === DOT) this.fault(i, `the number ${this.token(i)} has no digit before the decimal point`);
    else if (s.startsWith("NaN", i)) this.fault(i, "NaN is not a JSON value");
    else if (s.startsWith("Infinity", i)) this.fault(i, "Infinity is not a JSON value");
    else this.fault(i, `expected a value, found ${this.found(i)}`);
  }

  /** Why no key starts at `i`. */
  private notKey(i: number, comma: number): void {
    const c = this.s.charCodeAt(i);
    if (i >= this.s.length) this.ended(i);
    else if (c === CLOSE_BRACE && comma >= 0) this.fault(comma, `a trailing comma before "}"`);
    else if (c === APOSTROPHE) this.fault(i, "a single-quoted key: JSON keys take double quotes");
    else this.fault(i, `expected a key in double quotes, found ${this.found(i)}`);
  }

  /** The number-like text at `i`, for a message. */
  private token(i: number): string {
    const m = /[0-9A-Za-z+\-.]+/y;
    m.lastIndex = i;
    return show((m.exec(this.s)?.[0] ?? "").slice(0, 40));
  }

  private push(kind: number, at: number): boolean {
    const d = ++this.depth;
    if (d > this.ctx.options.maxDepth) {
      const max = this.ctx.options.maxDepth;
      this.ctx.error("", "too-deep", `objects and arrays nested at most ${max} deep`, `deeper nesting (over ${max}) at ${this.at(at)}`);
      return false;
    }
    this.kind[d] = kind;
    this.count[d] = 0;
    this.openAt[d] = at;
    if (this.keys[d] !== undefined) this.keys[d] = this.longKeys[d] = undefined;
    if (this.noted >= d) this.noted = d - 1;
    return true;
  }

  private pop(): void {
    const d = this.depth--;
    if (this.keys[d] !== undefined) this.keys[d] = this.longKeys[d] = undefined;
    if (this.noted >= d) this.noted = d - 1;
  }

  /** Counts one more key or item in the container at depth `d`; returns the count. */
  private counted(d: number): number {
    return (this.count[d] = this.count[d]! + 1);
  }

  /** Refuses the container at depth `d` (its item or key at `at` is one too many); returns false. */
  private tooLarge(d: number, what: string, at: number): false {
    const max = this.ctx.options.maxItems;
    return this.stop(at, `over maxItems (${max}) ${what} in one ${this.kind[d] === OBJECT ? "object" : "array"}`, this.pathOf(d));
  }

  /** Reports a limit crossed at `at`, where reading stopped; returns false. */
  private stop(at: number, what: string, path: string): false {
    this.ctx.fail(path, "too-large", `${what} at ${this.at(at)}; reading stopped there`);
    return false;
  }

  /** Reads the string whose opening quote is at `start`; returns the offset past its closing quote, or -1. */
  private string(start: number): number {
    const s = this.s;
    let j = start + 1;
    this.escaped = false;
    for (;;) {
      const c = s.charCodeAt(j); // NaN past the end
      if (c >= SPACE && c !== QUOTE && c !== BACKSLASH && (c < 0xd800 || c > 0xdfff)) {
        j++;
        continue;
      }
      if (c === QUOTE) return j + 1;
      if (j >= s.length) return this.fault(j, `the body ends inside the string that opens at ${this.at(start)}`);
      if (c === BACKSLASH) {
        this.escaped = true;
        j = this.escape(start, j);
        if (j < 0) return -1;
      } else if (c < SPACE) {
        return this.fault(j, `a raw control character (${unit(c)}) inside a string: write it as ${ESCAPES[c] ?? `\\u${c.toString(16).padStart(4, "0")}`}`);
      } else j = this.surrogate(j, c, 1);
      if (j < 0) return -1;
    }
  }

  /** Reads the escape at `j` (a backslash) of the string opened at `start`; returns the offset past it, or -1. */
  private escape(start: number, j: number): number {
    const s = this.s;
    const e = s.charCodeAt(j + 1);
    if (e === QUOTE || e === BACKSLASH || e === SLASH || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) return j + 2;
    if (e === 117) {
      for (let k = j + 2; k < j + 6; k++) {
        if (k >= s.length) return this.fault(s.length, `the body ends inside the string that opens at ${this.at(start)}`);
        if (!isHex(s.charCodeAt(k))) return this.fault(j, `a bad escape ${asWritten(s.slice(j, j + 6))}: \\u takes four hexadecimal digits`);
      }
      const u = parseInt(s.slice(j + 2, j + 6), 16);
      return u >= 0xd800 && u <= 0xdfff ? this.surrogate(j, u, 6) : j + 6;
    }
    if (j + 1 >= s.length) return this.fault(s.length, `the body ends inside the string that opens at ${this.at(start)}`);
    return this.fault(j, `a bad escape ${asWritten(s.slice(j, j + 2))}: JSON has \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX`);
  }

  /**
   * A surrogate code unit at `j`, written raw (`width` 1) or as \uXXXX (`width` 6): a high one
   * must be followed by a low one (raw or escaped), else it is no character. Returns the offset
   * past the pair, or -1.
   */
  private surrogate(j: number, u: number, width: number): number {
    const s = this.s;
    const next = j + width;
    if (isHigh(u)) {
      if (isLow(s.charCodeAt(next))) return next + 1;
      if (s.charCodeAt(next) === BACKSLASH && s.charCodeAt(next + 1) === 117 && /^[dD][c-fC-F][0-9a-fA-F]{2}$/.test(s.slice(next + 2, next + 6))) return next + 6;
    }
    const what = width === 1 ? unit(u) : `the escape ${s.slice(j, j + 6)}`;
    const { line, column } = lineColumn(s, j);
    this.ctx.fail("", "encoding", `the body is not Unicode text at line ${line}, column ${column} (offset ${j}): ${what} is a lone surrogate (half of a UTF-16 pair), not a character`);
    return -1;
  }

  /** Reads the number at `start`; returns the offset past it, or -1. */
  private number(start: number): number {
    const s = this.s;
    let j = start;
    if (s.charCodeAt(j) === MINUS) {
      j++;
      if (s.startsWith("Infinity", j)) return this.fault(start, "-Infinity is not a JSON value");
    }
    let c = s.charCodeAt(j);
    const firstDigit = j;
    if (c === ZERO) {
      c = s.charCodeAt(++j);
      if (isDigit(c)) return this.fault(start, `the number ${this.token(start)} has a leading zero`);
      if (c === 120 || c === 88) return this.fault(start, `the number ${this.token(start)} is hexadecimal: JSON numbers are decimal`);
    } else if (c >= ONE && c <= NINE) {
      do c = s.charCodeAt(++j);
      while (isDigit(c));
    } else return j >= s.length ? this.ended(j) : this.fault(j, `expected a digit after "-", found ${this.found(j)}`);
    const digits = j - firstDigit;
    let plain = true;
    if (c === DOT) {
      plain = false;
      c = s.charCodeAt(++j);
      if (!isDigit(c)) return j >= s.length ? this.ended(j) : this.fault(start, `the number ${this.token(start)} has no digit after the decimal point`);
      do c = s.charCodeAt(++j);
      while (isDigit(c));
    }
    let exponent = false;
    if (c === 101 || c === 69) {
      plain = false;
      exponent = true;
      c = s.charCodeAt(++j);
      if (c === PLUS || c === MINUS) c = s.charCodeAt(++j);
      if (!isDigit(c)) return j >= s.length ? this.ended(j) : this.fault(start, `the number ${this.token(start)} has no digit in its exponent`);
      do c = s.charCodeAt(++j);
      while (isDigit(c));
    }
    // A number too large for a double reads as Infinity, which no JSON can write back: refused, not kept.
    if ((exponent || digits > 300) && !Number.isFinite(Number(s.slice(start, j)))) {
      const { line, column } = lineColumn(s, start);
      this.ctx.error(this.pathOf(this.depth + 1), "number", "a number within ±1.8e308", `${this.token(start)} at line ${line}, column ${column}`);
      return -1;
    }
    if ((!plain || digits >= 16) && this.depth > 0) this.note(start);
    return j;
  }

  /** Takes the key read at `at`..`end` in the innermost object: counts it and refuses a repeated one. */
  private key(at: number, end: number): boolean {
    const d = this.depth;
    if (this.counted(d) > this.ctx.options.maxItems) return this.tooLarge(d, "keys", at);
    this.keyAt[d] = at;
    this.keyEnd[d] = end;
    this.keyEscaped[d] = this.escaped;
    const small = (this.small[d] ??= []);
    const before = 2 * (this.count[d]! - 1); // offsets of the keys before this one, while they are few
    if (this.keys[d] === undefined && !this.escaped && before < 2 * SMALL) {
      // Compared in place: most objects have a few keys, and a string per key would cost more than the scan.
      for (let k = 0; k < before; k += 2) if (this.same(small[k]!, small[k + 1]!, at, end)) return this.repeated(d, at);
      small[before] = at;
      small[before + 1] = end;
      return true;
    }
    if (this.keys[d] === undefined) {
      this.keys[d] = new Set();
      this.longKeys[d] = new Set();
      for (let k = 0; k < before; k += 2) this.seen(d, keyOf(this.s, small[k]!, small[k + 1]!));
    }
    return this.seen(d, this.keyText(d)) ? this.repeated(d, at) : true;
  }

  /** Whether the keys at `a`..`aEnd` and `b`..`bEnd` (neither with an escape) are the same text. */
  private same(a: number, aEnd: number, b: number, bEnd: number): boolean {
    if (aEnd - a !== bEnd - b) return false;
    const s = this.s;
    for (let k = 1; k < aEnd - a - 1; k++) if (s.charCodeAt(a + k) !== s.charCodeAt(b + k)) return false;
    return true;
  }

  /** Adds `key` to the keys of the object at depth `d`; true when it was there already. */
  private seen(d: number, key: string): boolean {
    const long = key.length > LONG_KEY;
    const set = long ? this.longKeys[d]! : this.keys[d]!;
    const id = long ? this.chunked(key) : key;
    if (set.has(id)) return true;
    set.add(id);
    return false;
  }

  /** Reports the key at `at`, a second copy in the object at depth `d`; returns false. */
  private repeated(d: number, at: number): false {
    const key = this.keyText(d);
    this.ctx.error(childPath(this.pathOf(d), key), "duplicate", "each key once per object", `${show(key)} twice (again at ${this.at(at)})`);
    return false;
  }

  /** A long key as the numbers of its chunks (see LONG_KEY): equal keys, equal numbers. */
  private chunked(key: string): string {
    let id = "";
    for (let i = 0; i < key.length; i += LONG_KEY) {
      const chunk = key.slice(i, i + LONG_KEY);
      let n = this.chunks.get(chunk);
      if (n === undefined) this.chunks.set(chunk, (n = this.chunks.size));
      id += `${n},`;
    }
    return id;
  }

  /** The current key of the object at depth `d`, decoded. */
  private keyText(d: number): string {
    const raw = this.s.slice(this.keyAt[d]!, this.keyEnd[d]!);
    return this.keyEscaped[d] ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  }

  /** The current member of the container at depth `d`: a key or an index. */
  private memberOf(d: number): string | number {
    return this.kind[d] === OBJECT ? this.keyText(d) : this.count[d]! - 1;
  }

  /** Model path of the container at depth `d`. */
  private pathOf(d: number): string {
    let path = "";
    for (let k = 1; k < d; k++) path = childPath(path, this.memberOf(k));
    return path;
  }

  /** Where the current member of the container at depth `d` is: the offset of its key, or -1 - its index. */
  private memberAt(d: number): number {
    return this.kind[d] === OBJECT ? this.keyAt[d]! : -this.count[d]!;
  }

  /** Notes the number at `start` with the container and member it sits in: a few array writes, no strings. */
  private note(start: number): void {
    const d = this.depth;
    const notes = (this.notes ??= new NumberNotes(this.s));
    for (let k = this.noted + 1; k <= d; k++) {
      this.ids[k] = k === 1 ? notes.container(-1, 0) : notes.container(this.ids[k - 1]!, this.memberAt(k - 1));
    }
    this.noted = d;
    notes.number(this.ids[d]!, this.memberAt(d), start);
  }
}

/** The key whose opening quote is at `at`, decoded. */
function keyAt(text: string, at: number): string {
  let end = at + 1;
  while (text.charCodeAt(end) !== QUOTE) end += text.charCodeAt(end) === BACKSLASH ? 2 : 1;
  return keyOf(text, at, end + 1);
}

/** The key whose quotes are at `at` and `end` - 1, decoded. */
function keyOf(text: string, at: number, end: number): string {
  const raw = text.slice(at, end);
  return raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
}

/** The number token at `start` of `text`. */
function numberAt(text: string, start: number): string {
  const m = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
  m.lastIndex = start;
  return m.exec(text)![0];
}

/** A growing list of 32-bit integers: 4 bytes an entry, where an array of numbers costs several times that. */
class Ints {
  private data = new Int32Array(256);
  length = 0;

  /** Appends `a` and `b`, and `c` unless it is undefined. */
  push(a: number, b: number, c?: number): void {
    if (this.length + 3 > this.data.length) {
      this.data = resized(this.data, 2 * this.data.length);
    }
    this.data[this.length++] = a;
    this.data[this.length++] = b;
    if (c !== undefined) this.data[this.length++] = c;
  }

  at(i: number): number {
    return this.data[i]!;
  }
}

/**
 * The numbers a scan noted and the containers they sit in, as offsets into the text: noting
 * costs a few array writes, whatever the shape of the body. Integer leaves look numbers up by
 * model path: the lookup walks down the containers along the path, building a container's
 * table of members the first time it passes. Paths compare with `[0]` left out (see INDEX_0).
 */
class NumberNotes {
  /** Containers, two ints each: the parent's id, and the member the container is of its parent (see memberAt). */
  private readonly containers = new Ints();
  /** Numbers, three ints each: their container's id, their member, and their offset. */
  private readonly numbered = new Ints();
  /** Per container: its child containers and its numbers, by the path text of their member. */
  private readonly children = new Map<number, Map<string, number>>();
  private readonly numbers = new Map<number, Map<string, number>>();
  private lists: { childHead: Int32Array; childNext: Int32Array; numberHead: Int32Array; numberNext: Int32Array } | undefined;

  constructor(private readonly text: string) {}

  container(parent: number, at: number): number {
    this.containers.push(parent, at);
    return this.containers.length / 2 - 1;
  }

  number(holder: number, at: number, start: number): void {
    this.numbered.push(holder, at, start);
  }

  /** The path text of a member (a key's offset, or -1 - an index), `[0]` left out. */
  private segment(at: number, top: boolean): string {
    return withoutIndex0(segment(at < 0 ? -1 - at : keyAt(this.text, at), top));
  }

  /** Each container's children and numbers as linked lists, built once: one pass, no array per container. */
  private linked(): NonNullable<NumberNotes["lists"]> {
    if (this.lists) return this.lists;
    const containers = this.containers.length / 2;
    const numbers = this.numbered.length / 3;
    const childHead = new Int32Array(containers).fill(-1);
    const childNext = new Int32Array(containers);
    for (let k = containers - 1; k > 0; k--) {
      const parent = this.containers.at(2 * k);
      childNext[k] = childHead[parent]!;
      childHead[parent] = k;
    }
    const numberHead = new Int32Array(containers).fill(-1);
    const numberNext = new Int32Array(numbers);
    for (let k = numbers - 1; k >= 0; k--) {
      const holder = this.numbered.at(3 * k);
      numberNext[k] = numberHead[holder]!;
      numberHead[holder] = k;
    }
    return (this.lists = { childHead, childNext, numberHead, numberNext });
  }

  /** The child containers (`kids`) or the numbers of container `c`, by the path text of their member. */
  private table(c: number, top: boolean, kids: boolean): Map<string, number> {
    const cache = kids ? this.children : this.numbers;
    let table = cache.get(c);
    if (table) return table;
    const { childHead, childNext, numberHead, numberNext } = this.linked();
    table = new Map();
    if (kids) for (let k = childHead[c]!; k >= 0; k = childNext[k]!) table.set(this.segment(this.containers.at(2 * k + 1), top), k);
    else for (let k = numberHead[c]!; k >= 0; k = numberNext[k]!) table.set(this.segment(this.numbered.at(3 * k + 1), top), k);
    cache.set(c, table);
    return table;
  }

  /** The text as written of the noted number at model path `path`, if it has `value`. */
  find(path: string, value: number): string | undefined {
    const s = withoutIndex0(path);
    let c = 0; // the outermost container, noted first
    let q = 0; // how much of `s` the containers so far account for
    for (;;) {
      const top = q === 0;
      const n = this.table(c, top, false).get(s.slice(q));
      if (n !== undefined) {
        const raw = numberAt(this.text, this.numbered.at(3 * n + 2));
        return Number(raw) === value ? raw : undefined;
      }
      // The child whose member's path text starts the rest of `s`; list index 0 takes none of it.
      const kids = this.table(c, top, true);
      let next: number | undefined;
      for (let p = q + 1; p <= s.length && next === undefined; p++) {
        if (p < s.length && !STARTS.has(s[p])) continue;
        next = kids.get(s.slice(q, p));
        if (next !== undefined) q = p;
      }
      next ??= kids.get("");
      if (next === undefined) return undefined;
      c = next;
    }
  }
}

/**
 * Parses a JSON body. Three paths, one result.
 *
 * The careful path (parseJsonCarefully) reads every character before JSON.parse builds
 * anything: it finds the first fault with its line, column and offset, applies maxDepth,
 * maxItems, maxNodes and the key length as soon as they are crossed, refuses duplicate keys,
 * lone surrogates and numbers that overflow, and notes the numbers whose text JSON.parse would
 * not keep. That costs several times JSON.parse, and nearly all of it is spent confirming that
 * an ordinary body has nothing to report.
 *
 * The quickest path (parsedAndVerified, json-verified.ts) lets JSON.parse build the value
 * first, once a few counts of single characters show that no limit can be crossed and no
 * number needs noting, then proves from the value that no key repeats and no limit is
 * crossed. When JSON.parse refuses the text, the careful path runs; when the proof does not go
 * through, the pre-check does. The proof is one walk of the value; or, for decodeBody (which
 * sets ctx.jsonProofBy to "tally") and a body whose counts settle the limits the walk checks (tallyMayProve),
 * the decoders' own count of the members they read, checked once they have run (tallyProves):
 * until then the value is pending (ctx.pendingJson), and when neither the tally nor the walk
 * proves it, decodeBody runs again from the start on parseJsonUnproved's value. When the walk
 * runs first and all of it holds but the text of numbers written with a fraction or an
 * exponent, decodeBody checks that text after the decoders too (numbersProved).
 *
 * The pre-check path (isPlainJson, json-precheck.ts) confirms the same, cheaply: it jumps over
 * string contents and answers true only for a text whose structure is valid JSON within every
 * limit, with no duplicate key (nor two keys of one length and hash), no key with an escape or
 * over maxTextLength, no number with a fraction, an exponent or 16 digits, no escaped
 * surrogate and no lone raw one. What it leaves to JSON.parse (the characters inside strings)
 * JSON.parse checks by the same rules as the careful scan, so when JSON.parse then accepts the
 * text, the careful scan would have accepted it with no error and no note: the value is
 * JSON.parse's either way, and nothing else is set. When the pre-check answers false, or
 * JSON.parse refuses, the careful path runs from the start, exactly as it would alone, so every
 * refusal, its order and its text are its own (test/decode/json-precheck.test.ts compares the
 * three). What may reach JSON.parse before the careful scan refuses it: a text that is not
 * JSON but whose counts cross no limit, nesting past maxDepth in a body with at most one
 * bracket per 16 characters (the quickest path builds it and finds the depth), and a raw
 * control character in a string. Anything whose counts cross a limit, the careful scan
 * refuses first, as soon as the limit is crossed.
 */
export function parseJson(json: string, ctx: DecodeContext): { ok: true; value: unknown } | { ok: false } {
  const parsed = parsedForProof(json, ctx.options);
  if (parsed === "not-json") return parseJsonCarefully(json, ctx);
  if (parsed !== "unsure") {
    if (ctx.jsonProofBy === "tally" && tallyMayProve(json, parsed, ctx.options)) {
      ctx.pendingJson = { text: json, parsed };
      return { ok: true, value: parsed.value };
    }
    const walked = walkProof(json, parsed, ctx.options);
    if (walked === true) return { ok: true, value: parsed.value };
    // All proved but the text of numbers written with a fraction or an exponent: decodeBody
    // checks it once the decoders have read the value (numbersProved).
    if (typeof walked === "number" && ctx.jsonProofBy === "tally") {
      ctx.pendingJson = { text: json, parsed, fractions: walked };
      return { ok: true, value: parsed.value };
    }
  }
  return parseJsonUnproved(json, ctx);
}

/**
 * parseJson for a text whose JSON.parse value the quickest path could not prove (decodeBody's
 * second run, when the decoders' tally and the walk did not prove it): the pre-check, and the
 * careful scan.
 */
export function parseJsonUnproved(json: string, ctx: DecodeContext): { ok: true; value: unknown } | { ok: false } {
  if (isPlainJson(json, ctx.options)) {
    const parsed = parsedOrUndefined(json);
    if (parsed) return parsed;
  }
  return parseJsonCarefully(json, ctx);
}

/** JSON.parse's value, or undefined when it refuses the text as not JSON. */
function parsedOrUndefined(json: string): { ok: true; value: unknown } | undefined {
  try {
    return { ok: true, value: JSON.parse(json) as unknown };
  } catch (e) {
    // Anything else (a RangeError when memory runs out) the careful path would meet too: its
    // scan passes a text the pre-check takes, and then it calls JSON.parse.
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
}

/**
 * The careful path of parseJson alone (exported for the tests that compare the two): the
 * scan finds the first fault with its line, column and offset, and applies maxDepth, maxItems
 * and maxNodes as it goes; only a body that passes reaches JSON.parse.
 */
export function parseJsonCarefully(json: string, ctx: DecodeContext): { ok: true; value: unknown } | { ok: false } {
  const scan = new JsonScan(json, ctx);
  if (!scan.run()) return { ok: false };
  const notes = scan.notes;
  if (notes) ctx.jsonNumberText = (path, value) => notes.find(path, value);
  return { ok: true, value: JSON.parse(json) as unknown };
}
