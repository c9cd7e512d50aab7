import { hex, type JsonLimits, wellFormed } from "./json-precheck.js";
import { countJsonText, numberCandidates } from "./json-count.js";
import type { DecodeContext } from "./context.js";
import { DEFAULT_LIMITS } from "./options.js";

/**
 * The quickest way through parseJson (json-parse.ts): JSON.parse first, then proof, from the
 * value it built and a few counts of single characters in the text, that the careful scan
 * would have accepted the text with nothing to report and no number to note. What cannot be
 * proved that way goes on to the pre-check and the careful scan, as before.
 *
 * Before JSON.parse (so that it never builds a body the careful scan would refuse early), with
 * String.prototype.indexOf and a regular expression, never a loop over every character, and
 * the counts of commas and brackets taken in one pass by WebAssembly where it is to be had
 * (countJsonText, json-count.ts):
 * - no lone surrogate (isWellFormed) and no escape that stands for a surrogate, a colon or a comma;
 * - maxItems, maxNodes and maxTextLength cannot be crossed: the text is too short to hold that
 *   many, or it has too few commas, colons and brackets;
 * - its objects and arrays are few for its length (at most maxDepth, or one per 16 characters),
 *   so that a body of nested brackets, which the careful scan refuses at maxDepth, is not built.
 *
 * After JSON.parse, one walk of the value checks depth, items, values and key lengths against
 * the limits and that every number is under 1e15 (15 digits or fewer: the careful scan notes
 * longer ones). When the value holds a number (few bodies do: CI writes most leaves as
 * strings), the text is searched for one written with a fraction or an exponent, which the
 * careful scan notes: a digit followed by ".", "e" or "E" and a digit or sign, whose run of
 * digits starts where a value may (after "[", "," or ":" and white space). Inside a string that
 * is only an alarm, and the body takes the slower way. A value with no number had none in its
 * text, once the counts below show that no member was dropped.
 *
 * JSON.parse keeps every member of an object unless a key repeats in it (the
 * last copy wins; the earlier copy and all it holds are gone). Two counts show that none did:
 * - commas: outside strings, a comma in JSON separates two members of an object or array, so
 *   the text has at least as many as the members JSON.parse kept, less one per object or array
 *   that has any; more if a member was dropped, or a string holds a comma. Equal counts show
 *   that no member was dropped. That settles most bodies (no comma in their strings);
 * - else colons: outside strings, a colon ends a key; inside, one is written as ":" (no escape
 *   stands for it, see above). So the colons of the text are its keys plus the colons in its
 *   keys and strings, and the counts agree only when no key repeats (a second walk counts the
 *   colons of the strings, only for these bodies).
 *
 * decodeBody (dispatch.ts) does without the walk for most bodies: the generated decoders count
 * what they read, and once they have run, tallyProves checks their counts against the text's
 * (see there). And a number's text matters only where an integer leaf takes it: numbersProved
 * checks it after the decoders, whether the tally or the walk proved the rest.
 */

/** What `parsedAndVerified` found. */
export type Verified = { readonly ok: true; readonly value: unknown } | "not-json" | "unsure";

/** Past this maxDepth the walk below, which recurses, could exhaust the stack: such options take the other path. */
const WALK_DEPTH = 2048;

/** A digit followed by a fraction or an exponent: a number the careful scan would note (or one written inside a string). */
const FRACTION_OR_EXPONENT = /[0-9][.eE][-+0-9]/g;

/**
 * JSON.parse's value of `text`, proved to be what the careful scan would have given with no
 * error, warning or note; "not-json" when JSON.parse refuses the text (the careful scan says
 * where and why); "unsure" when the proof does not go through (the text may still be fine).
 */
export function parsedAndVerified(text: string, limits: JsonLimits): Verified {
  const parsed = parsedForProof(text, limits);
  if (typeof parsed !== "object") return parsed;
  return walkProof(text, parsed, limits) === true ? { ok: true, value: parsed.value } : "unsure";
}

/** JSON.parse's value of a text that passed the checks made before it, with the counts made then. */
export interface Parsed {
  readonly value: unknown;
  /** The text's commas when they were all counted, else -1. */
  readonly commas: number;
  /** The text's "[" and "{", strings included: at least its arrays and objects. */
  readonly brackets: number;
}

/**
 * The checks before JSON.parse (see above), then JSON.parse: its value with the counts, to be
 * proved by walkProof or by the decoders' tally (tallyProves); "not-json" when JSON.parse
 * refuses the text; "unsure" when a check does not go through.
 */
export function parsedForProof(text: string, limits: JsonLimits): Parsed | "not-json" | "unsure" {
  if (limits.maxDepth > WALK_DEPTH || enumerableOnPrototype() || !wellFormed(text) || !plainEscapes(text)) return "unsure";
  // The cheap bounds first: a hostile body is sent on before its colons are all counted.
  const counts = withinCounts(text, limits);
  if (counts === undefined) return "unsure";
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (e) {
    if (e instanceof SyntaxError) return "not-json";
    throw e;
  }
  return { value, commas: counts.commas, brackets: counts.brackets };
}

/**
 * The proof after JSON.parse by one walk of its value (see above): true; false; or, when all of it holds but the text has numbers written
 * with a fraction or an exponent, the count of the value's numbers that are not whole: the
 * value is then proved once the decoders have read it with no error (numbersProved).
 */
export function walkProof(text: string, parsed: Parsed, limits: JsonLimits): boolean | number {
  const { value, commas } = parsed;
  const walk = new Walk(limits);
  if (!walk.value(value, 0)) return false;
  // No key repeats: shown by the commas when no string holds one, else by the colons.
  const unique = walk.separators === (commas >= 0 ? commas : count(text, ",", Infinity)) || walk.keys + inStrings(value, ":") === count(text, ":", Infinity);
  if (!unique) return false;
  return walk.numbers === 0 || plainNumbers(text) || walk.fractions;
}

/**
 * Numbers, once the decoders have read the value (tallyProves, walkProof): a number's text
 * matters only where an integer leaf takes it (the careful scan notes one written with a
 * fraction or an exponent, 90.0 reading as 90, and the leaf refuses it) or an error names it.
 * A number leaf or a member the spec does not know keeps JSON.parse's value either way. So
 * with no error, and when an integer leaf took a number, the text's numbers written with a
 * fraction or an exponent (fractionsIn, which may count more, never fewer) must be no more than
 * the value's numbers that are not whole (`fractions`): each of those is written so, and then
 * no other number is. The counter's candidates (numberCandidates, json-count.ts) are at least
 * as many as such numbers: when they are no more than the numbers that are not whole, the text
 * need not be searched.
 */
export function numbersProved(text: string, fractions: number, ctx: DecodeContext): boolean {
  if (ctx.errors.length > 0) return false;
  if (ctx.jsonIntegerNumbers === 0) return true;
  const candidates = numberCandidates(text);
  return (candidates >= 0 && candidates <= fractions) || fractionsIn(text, fractions) === fractions;
}

/**
 * Whether the decoders may prove the value as they read it (see tallyProves): the counts made
 * before JSON.parse settle every limit the walk would check. Items and values they settle for
 * every text (withinCounts); depth when the text has no more brackets than maxDepth (no value
 * can then nest deeper); the length of keys when the text is no longer than maxTextLength.
 */
export function tallyMayProve(text: string, parsed: Parsed, limits: JsonLimits): boolean {
  return parsed.brackets <= limits.maxDepth && text.length <= limits.maxTextLength;
}

/**
 * The proof without the walk, for a value the decoders read with no error, counting as they
 * went (DecodeContext.jsonSeparators, jsonNumber). With no error, every object and array of
 * the value was read, each once, and every number in it: a reader that does not take what it
 * is given reports it. So the decoders' separators are the walk's, and when they equal the
 * text's commas no member was dropped (a key that repeats). The limits are settled by the counts
 * (tallyMayProve). When this does not prove the value (an error, a number of 1e15 or more, a
 * member dropped), the walk may (walkProof).
 * Numbers: none of 1e15 or more (the careful scan notes them), and their text as numbersProved
 * checks it.
 */
export function tallyProves(text: string, parsed: Parsed, tally: DecodeContext): boolean {
  if (tally.errors.length > 0 || tally.jsonLargeNumbers > 0) return false;
  const commas = parsed.commas >= 0 ? parsed.commas : count(text, ",", Infinity);
  const separators = tally.jsonSeparators;
  // Fewer separators than commas: the others may be inside strings (a media format name such as
  // "mov,mp4,m4a"), counted then in the value's keys and strings. What the value holds of the
  // text's strings is at most all of them, so the sum reaches the commas only when no member
  // (nor anything in it) was dropped.
  if (separators !== commas && (separators > commas || separators + inStrings(parsed.value, ",") !== commas)) return false;
  return numbersProved(text, tally.jsonFractions, tally);
}

/** Whether Object.prototype has a key that `for ... in` meets in every object (someone's polyfill): the walk would count it. */
function enumerableOnPrototype(): boolean {
  for (const _ in Object.prototype) return true;
  return false;
}

/** How many times `ch` occurs in `s`, counting no further than `stop`. */
function count(s: string, ch: string, stop: number): number {
  let n = 0;
  for (let i = s.indexOf(ch); i >= 0 && n <= stop; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

/** The value of four hexadecimal digits at `i`, or -1. */
function hex4(s: string, i: number): number {
  let u = 0;
  for (let k = i; k < i + 4; k++) {
    const h = hex(s.charCodeAt(k));
    if (h < 0) return -1;
    u = (u << 4) | h;
  }
  return u;
}

/**
 * No escape stands for a surrogate (the careful scan checks their pairs), a colon or a comma
 * (which would upset the counts of colons and commas: a comma inside a string of the value is
 * taken to be one of the text's). A bad escape is JSON.parse's to refuse.
 */
function plainEscapes(s: string): boolean {
  for (let b = s.indexOf("\\"); b >= 0; b = s.indexOf("\\", b + 2)) {
    if (s.charCodeAt(b + 1) !== 117) continue; // not \u: \\ and the others are skipped whole
    const u = hex4(s, b + 2);
    if ((u >= 0xd800 && u <= 0xdfff) || u === 0x3a || u === 0x2c) return false;
  }
  return true;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isWhite = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
/** A digit, ".", "e", "E", "+" or "-": what a number's text holds. */
const isNumberPart = (c: number) => isDigit(c) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;

/** No number with a fraction or an exponent in the text (see fractionsIn). */
function plainNumbers(s: string): boolean {
  return fractionsIn(s, 0) === 0;
}

/**
 * How many numbers the text writes with a fraction or an exponent, counting no further than
 * `stop` + 1; it may count more than there are (digits inside a string that look like such a
 * number), never fewer. Each digit followed by ".", "e" or "E" and a digit or sign is traced
 * back over its digits, a minus and white space: a number starts after "[", "," or ":" (or at
 * the start of the text), and is counted. Anything else before the run (a letter of a hex
 * digest, most often) puts it inside a string, and the search goes on from the string's next
 * quote: everything before it is in the string. No quote after it: the text is no JSON, and
 * JSON.parse refuses it.
 */
function fractionsIn(s: string, stop: number): number {
  let n = 0;
  FRACTION_OR_EXPONENT.lastIndex = 0;
  while (n <= stop && FRACTION_OR_EXPONENT.test(s)) {
    let i = FRACTION_OR_EXPONENT.lastIndex - 3;
    while (i >= 0 && isDigit(s.charCodeAt(i))) i--;
    if (i >= 0 && s.charCodeAt(i) === 45) i--;
    while (i >= 0 && isWhite(s.charCodeAt(i))) i--;
    const c = i < 0 ? 91 : s.charCodeAt(i);
    if (c === 91 || c === 44 || c === 58) {
      // A number: counted, and the search goes on after it (a match inside it, such as "5e1" in
      // 1.5e10, would be traced back to its "." and taken for a string).
      n++;
      let end = FRACTION_OR_EXPONENT.lastIndex;
      while (isNumberPart(s.charCodeAt(end))) end++;
      FRACTION_OR_EXPONENT.lastIndex = end;
      continue;
    }
    // Inside a string: go on from its next quote (its end, or an escaped quote inside it).
    const quote = s.indexOf('"', FRACTION_OR_EXPONENT.lastIndex - 2);
    if (quote < 0) return n;
    FRACTION_OR_EXPONENT.lastIndex = quote;
  }
  return n;
}

/** What withinCounts counted. */
interface Counts {
  /** The text's commas when they were all counted (countJsonText's, or a long body's), else -1. */
  readonly commas: number;
  /** Its "[" and "{", strings included. */
  readonly brackets: number;
}

/**
 * The limits that a value's count bounds: no container can hold more members than the text has
 * commas plus one, nor the text more values than its length, or than one plus its colons,
 * commas and opening brackets (every value but the first follows one of them). Brackets
 * counted anywhere, strings included, are at least the containers. Returns undefined when a
 * count shows that a limit may be crossed; else the counts (a long body's commas: the proof that
 * no key repeats reuses them).
 */
function withinCounts(s: string, limits: JsonLimits): Counts | undefined {
  const length = s.length;
  // At most maxDepth containers, or one per 16 characters.
  const most = Math.max(limits.maxDepth, Math.floor(length / 16));
  const counted = countJsonText(s);
  let commas = -1;
  let brackets: number;
  let arrays = -1;
  if (counted !== undefined) {
    commas = counted.commas;
    brackets = counted.brackets;
    if (length > 2 * limits.maxItems + 1 && commas + 1 > limits.maxItems) return undefined;
    if (brackets > most) return undefined;
  } else {
    if (length > 2 * limits.maxItems + 1) {
      commas = count(s, ",", limits.maxItems);
      if (commas + 1 > limits.maxItems) return undefined;
    }
    // Counted no further than `most`.
    arrays = count(s, "[", most);
    if (arrays > most) return undefined;
    brackets = arrays + count(s, "{", most - arrays);
    if (brackets > most) return undefined;
  }
  if (length > limits.maxNodes) {
    if (commas < 0) commas = count(s, ",", Infinity);
    if (arrays < 0) arrays = count(s, "[", Infinity);
    if (1 + count(s, ":", limits.maxNodes) + commas + arrays > limits.maxNodes) return undefined;
  }
  return { commas, brackets };
}

/**
 * One walk of JSON.parse's value against the limits, counting its keys and the commas that
 * separate its members (one fewer than the members of each object or array that has any).
 */
class Walk {
  keys = 0;
  separators = 0;
  /** The numbers met, and those of them that are not whole. */
  numbers = 0;
  fractions = 0;
  private nodes = 0;
  constructor(private readonly limits: JsonLimits) {}

  /** False when a limit is crossed or a number is 1e15 or more (the careful scan would stop or note). */
  value(v: unknown, depth: number): boolean {
    if (++this.nodes > this.limits.maxNodes) return false;
    if (typeof v === "string") return true;
    if (typeof v === "number") {
      this.numbers++;
      if (!Number.isInteger(v)) this.fractions++;
      return v < 1e15 && v > -1e15;
    }
    if (typeof v !== "object" || v === null) return true;
    if (++depth > this.limits.maxDepth) return false;
    if (Array.isArray(v)) {
      if (v.length > this.limits.maxItems) return false;
      if (v.length > 0) this.separators += v.length - 1;
      for (let i = 0; i < v.length; i++) if (!this.value(v[i], depth)) return false;
      return true;
    }
    const o = v as Record<string, unknown>;
    const maxKey = this.limits.maxTextLength;
    let members = 0;
    // JSON.parse's objects have only own keys, and Object.prototype none that enumerate (see below).
    for (const k in o) {
      if (++members > this.limits.maxItems || k.length > maxKey) return false;
      if (!this.value(o[k], depth)) return false;
    }
    this.keys += members;
    if (members > 0) this.separators += members - 1;
    return true;
  }
}

/** How many times `ch` occurs in the keys and strings of a value that Walk accepted, or that the decoders read with no error. */
function inStrings(v: unknown, ch: string): number {
  if (typeof v === "string") return count(v, ch, Infinity);
  if (typeof v !== "object" || v === null) return 0;
  let n = 0;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) n += inStrings(v[i], ch);
    return n;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) n += count(k, ch, Infinity) + inStrings(o[k], ch);
  return n;
}

/** One walk kept while the module is loaded, so that its hidden class outlives full GCs (see KEPT_READER in xml-parse.ts). */
export const KEPT_WALK: object = new Walk(DEFAULT_LIMITS);
