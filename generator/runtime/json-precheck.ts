import type { ResolvedOptions } from "./options.js";

/**
 * The fast pre-check of a JSON body (see parseJson in json-parse.ts for why there are two
 * paths). `isPlainJson` answers true only for a text whose structure is valid JSON (objects,
 * arrays, commas, colons, numbers, literals, white space) within maxDepth, maxItems, maxNodes,
 * whose keys hold no escape, are within maxTextLength and appear once per object, whose
 * numbers are integers of at most 15 digits, whose escapes are valid and none a surrogate, and
 * which holds no lone surrogate. For such a text, if JSON.parse accepts it (it checks what is
 * left: the characters inside strings, by the same rules as the careful scan), the careful
 * scan would find nothing to refuse and no number to note. Anything else answers false, and
 * the careful scan decides.
 *
 * It reads the text once, left to right, and stops at the first thing it does not expect or
 * the first limit crossed, so its work is linear and bounded on any input: string contents
 * (keys included) are jumped over with indexOf, white space after a line break with a regular
 * expression, and only the characters between strings are read one by one (and those of keys
 * of the same length in one object, at most twice, to compare them). It keeps a few numbers per
 * open container and per key of the open objects (past SMALL keys, a Set of their text), and
 * nothing per closed one.
 */

/** The limits the pre-check applies, as the careful scan does. */
export type JsonLimits = Pick<ResolvedOptions, "maxDepth" | "maxItems" | "maxNodes" | "maxTextLength">;

// Character codes the pre-check tests.
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const ZERO = 48;
const ONE = 49;
const NINE = 57;
const COLON = 58;
const UPPER_E = 69;
const BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const LOWER_E = 101;
const LOWER_F = 102;
const LOWER_N = 110;
const LOWER_T = 116;
const LOWER_U = 117;
const BRACE = 123;
const CLOSE_BRACE = 125;

/** Integers of this many digits or more are noted by the careful scan (a double keeps 15 for sure). */
const NOTED_DIGITS = 16;
/** Keys of an object up to this many are compared by length and hash; more go into a Set. */
const SMALL = 16;
/**
 * Keys longer than this go to the careful scan: V8 hashes a string of more than 16,383
 * characters by its length alone, so a Set of such keys could be quadratic.
 */
const LONG_KEY = 1024;

const isDigit = (c: number) => c >= ZERO && c <= NINE;

/** The value of a hexadecimal digit, or -1. */
export function hex(c: number): number {
  if (c >= ZERO && c <= NINE) return c - ZERO;
  const lower = c | 0x20;
  return lower >= 97 && lower <= LOWER_F ? lower - 87 : -1;
}

/** The next character that is not JSON white space, for `space`. */
const NOT_WHITE = /[^ \t\n\r]/g;

/** The offset of the first character at or after `i` that is not JSON white space. */
function space(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === SPACE || c === TAB) i++;
    else if (c === LF || c === CR) {
      // A line break, most often followed by a line's indentation: a regular expression finds
      // the end of a run faster than a loop (by a fifth of the whole pre-check, on indented bodies).
      NOT_WHITE.lastIndex = i + 1;
      return NOT_WHITE.test(s) ? NOT_WHITE.lastIndex - 1 : s.length;
    } else return i;
  }
}

/** The offset just past the literal true, false or null at `i`, or -1. */
function literal(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if ((c === LOWER_T && s.startsWith("true", i)) || (c === LOWER_N && s.startsWith("null", i))) return i + 4;
  if (c === LOWER_F && s.startsWith("false", i)) return i + 5;
  return -1;
}

/**
 * The offset just past the number at `i`, or -1 when it is not a JSON number or is one the
 * careful scan would note or check (a fraction, an exponent, 16 digits or more: which covers
 * every number that could overflow to Infinity).
 */
function number(s: string, i: number): number {
  if (s.charCodeAt(i) === MINUS) i++;
  const first = i;
  let c = s.charCodeAt(i);
  if (c === ZERO) c = s.charCodeAt(++i);
  else if (c >= ONE && c <= NINE) {
    do c = s.charCodeAt(++i);
    while (isDigit(c));
  } else return -1;
  if (i - first >= NOTED_DIGITS || isDigit(c) || c === DOT || c === LOWER_E || c === UPPER_E) return -1;
  return i;
}

/** The offset just past the escape whose backslash is at `b`, or -1 when it is bad or stands for a surrogate. */
function escape(s: string, b: number): number {
  const e = s.charCodeAt(b + 1);
  if (e === QUOTE || e === BACKSLASH || e === SLASH || e === 98 || e === LOWER_F || e === LOWER_N || e === 114 || e === LOWER_T) return b + 2;
  if (e !== LOWER_U) return -1;
  let u = 0;
  for (let k = b + 2; k < b + 6; k++) {
    const h = hex(s.charCodeAt(k));
    if (h < 0) return -1;
    u = (u << 4) | h;
  }
  // Even a well-paired escaped surrogate goes to the careful scan, which checks the pair.
  return u >= 0xd800 && u <= 0xdfff ? -1 : b + 6;
}

/** Whether the text has no lone surrogate (a raw one: escaped ones are seen by `escape`). */
export function wellFormed(s: string): boolean {
  const native = (s as { isWellFormed?: () => boolean }).isWellFormed;
  // Node 18 has no isWellFormed: any surrogate at all then sends the body to the careful scan.
  return native ? native.call(s) : !/[\ud800-\udfff]/.test(s);
}

/**
 * The offset just past the closing quote of a string whose first backslash, `b`, comes before
 * its closing quote: reads its escapes, jumping with indexOf between them. -1 when an escape is
 * bad or stands for a surrogate, or the string does not end.
 */
function escapedString(s: string, b: number): number {
  let quote = -1; // the next quote, once looked for
  for (;;) {
    const i = escape(s, b);
    if (i < 0) return -1;
    const c = s.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) b = i; // a run of escapes: no search
    else {
      if (quote < i) quote = s.indexOf('"', i);
      if (quote < 0) return -1;
      b = s.indexOf("\\", i);
      if (b < 0 || b > quote) return quote + 1;
    }
  }
}

/** The offset of the first backslash at or after `i`, or the text's length. */
function backslashFrom(s: string, i: number): number {
  const b = s.indexOf("\\", i);
  return b < 0 ? s.length : b;
}

/** A hash of the `length` characters at `start`, never 0: equal keys, equal hashes. */
function hashOf(s: string, start: number, length: number): number {
  let h = length;
  for (let k = start; k < start + length; k++) h = (Math.imul(h, 31) + s.charCodeAt(k)) | 0;
  return h === 0 ? 1 : h;
}

/**
 * The keys of the open objects, to find a repeated one. The first SMALL keys of each object
 * are kept as their offset, length and hash (innermost object last); a hash is worked out only
 * for keys of the same length, once. Two keys of the same length and hash are taken for a
 * repeat without comparing their text, and the careful scan, which compares, decides: so each
 * character of a key is read at most twice here, and a body crafted for collisions only gets
 * the careful scan. More keys go into a Set of their text. Keys here hold no escape, so their
 * text is the key.
 */
class KeyLists {
  /** Per open object or array (by depth): where its keys start in the lists below, and the Set of its keys once it has more than SMALL. */
  private readonly base: number[] = [0];
  private readonly sets: (Set<string> | undefined)[] = [undefined];
  private readonly keyAt: number[] = [];
  private readonly keyLength: number[] = [];
  /** The hash of each key, or 0 until a key of the same length needs it. */
  private readonly keyHash: number[] = [];
  private top = 0;

  constructor(private readonly s: string) {}

  /** An object or array opens at depth `d` (arrays too, to keep these lists free of holes). */
  open(d: number): void {
    this.base[d] = this.top;
    this.sets[d] = undefined;
  }

  /** The object or array at depth `d` closes. */
  close(d: number): void {
    this.top = this.base[d]!;
    this.sets[d] = undefined;
  }

  /** Takes the key at `start` into the object at depth `d`; false when the object may have it already. */
  isNew(d: number, start: number, length: number): boolean {
    const s = this.s;
    const set = this.sets[d];
    if (set !== undefined) return added(set, s.slice(start, start + length));
    const base = this.base[d]!;
    const top = this.top;
    const keyLength = this.keyLength;
    const keyHash = this.keyHash;
    let hash = 0;
    for (let k = base; k < top; k++) {
      if (keyLength[k] !== length) continue;
      if (hash === 0) hash = hashOf(s, start, length);
      if (keyHash[k] === 0) keyHash[k] = hashOf(s, this.keyAt[k]!, length);
      if (keyHash[k] === hash) return false;
    }
    if (top - base < SMALL) {
      this.keyAt[top] = start;
      keyLength[top] = length;
      keyHash[top] = hash;
      this.top = top + 1;
      return true;
    }
    // Past SMALL keys, a Set of their text: comparing each with all before it would be quadratic.
    const keys = new Set<string>();
    for (let k = base; k < top; k++) keys.add(s.slice(this.keyAt[k]!, this.keyAt[k]! + keyLength[k]!));
    this.sets[d] = keys;
    return added(keys, s.slice(start, start + length));
  }
}

/** Adds `key` to `set`; false when it was there already. */
function added(set: Set<string>, key: string): boolean {
  if (set.has(key)) return false;
  set.add(key);
  return true;
}

/**
 * True when `text` is plain JSON for the careful scan: if JSON.parse accepts it, the careful
 * scan would accept it too, with nothing to report and no number to note. False says only
 * "look closely", never that the text is wrong.
 */
export function isPlainJson(text: string, limits: JsonLimits): boolean {
  return wellFormed(text) && plainValue(text, limits);
}

/**
 * The structure of the text: one JSON value within the limits, whose keys, strings and
 * numbers are plain. Its state lives in locals: this loop is the hot part, and fields or a
 * helper per step cost it a third more.
 */
function plainValue(s: string, limits: JsonLimits): boolean {
  const { maxDepth, maxItems, maxNodes } = limits;
  const maxKey = Math.min(limits.maxTextLength, LONG_KEY);
  const keys = new KeyLists(s);
  // Per open object or array (index 1 is the outermost): the character that closes it, and its keys or items so far.
  const closer: number[] = [0];
  const count: number[] = [0];
  let depth = 0;
  let nodes = 0;
  // The first backslash at or after `i`: a string with none before its closing quote has no escape.
  // Between strings a backslash is no JSON, so only strings move `i` past it.
  let backslash = backslashFrom(s, 0);
  // `c` is always the character at `i`. White space is skipped as `if (c <= SPACE) c = ...space(...)`:
  // most often there is none, and the character is then read once.
  let i = 0;
  let c = s.charCodeAt(0);
  if (c <= SPACE) c = s.charCodeAt((i = space(s, i)));
  // Each turn reads the value at `i`, then what follows it up to the next value: closing
  // brackets, a comma, and in an object the next key and its colon.
  for (;;) {
    if (++nodes > maxNodes) return false;
    let opened = false;
    if (c === QUOTE) {
      const end = s.indexOf('"', i + 1);
      if (end < 0) return false;
      if (backslash < end) {
        i = escapedString(s, backslash);
        if (i < 0) return false;
        backslash = backslashFrom(s, i);
      } else i = end + 1;
    } else if (c === MINUS || isDigit(c)) {
      i = number(s, i);
      if (i < 0) return false;
    } else if (c === BRACE || c === BRACKET) {
      if (++depth > maxDepth) return false;
      closer[depth] = c === BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
      count[depth] = 0;
      keys.open(depth);
      c = s.charCodeAt(++i);
      if (c <= SPACE) c = s.charCodeAt((i = space(s, i)));
      opened = c !== closer[depth]; // else it is empty, and closes below
    } else {
      i = literal(s, i);
      if (i < 0) return false;
    }
    // Closing brackets, up to a comma or the end of the text.
    while (!opened) {
      c = s.charCodeAt(i);
      if (c <= SPACE) c = s.charCodeAt((i = space(s, i)));
      if (depth === 0) return i === s.length;
      if (c === COMMA) {
        c = s.charCodeAt(++i);
        if (c <= SPACE) c = s.charCodeAt((i = space(s, i)));
        break;
      }
      if (c !== closer[depth]) return false;
      keys.close(depth);
      depth--;
      i++;
    }
    // The next member of the innermost container: an item, or a key and its colon.
    const members = count[depth]! + 1;
    if (members > maxItems) return false;
    count[depth] = members;
    if (closer[depth] === CLOSE_BRACKET) continue; // an item: a value (after a comma, "]" is none)
    if (c !== QUOTE) return false;
    const start = i + 1;
    const end = s.indexOf('"', start);
    // A key with an escape goes to the careful scan, which compares keys as they read.
    if (end < 0 || backslash < end || end - start > maxKey || !keys.isNew(depth, start, end - start)) return false;
    i = end + 1;
    c = s.charCodeAt(i);
    if (c <= SPACE) c = s.charCodeAt((i = space(s, i)));
    if (c !== COLON) return false;
    c = s.charCodeAt(++i);
    if (c <= SPACE) c = s.charCodeAt((i = space(s, i)));
  }
}
