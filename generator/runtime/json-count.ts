import { JSON_COUNT_WASM } from "./json-count-wasm.js";
import { latin1Slice } from "./latin1.js";
import { grownTo, wasmExports } from "./wasm-instance.js";

/**
 * The counts of single characters that the quickest JSON path (json-verified.ts) takes of a
 * text, in one pass over its UTF-8 by a WebAssembly function (json-count.wat), sixteen bytes at a
 * time. The characters counted are ASCII, so a text's UTF-8 holds as many of each as its UTF-16
 * does. Where WebAssembly cannot be compiled from bytes, or the text is longer than COUNT_MAX,
 * there are none, and the counts are taken with String.prototype.indexOf (a call per character found).
 */

/** What countJsonText counted in a text. */
export interface TextCounts {
  readonly commas: number;
  /** "[" and "{", strings included. */
  readonly brackets: number;
}

/** Where the text's bytes start in the counter's memory (its counts are before). */
const TEXT = 64;
/**
 * The longest text counted here (characters): its UTF-8 and the counter's memory stay under
 * 400 KB, which the counter keeps for the next text (WebAssembly never gives memory back). A
 * longer text is counted with indexOf: JSON.parse's own time dwarfs the counts' there.
 */
export const COUNT_MAX = 1 << 17;

interface Counter {
  readonly memory: WebAssembly.Memory;
  readonly counts: (n: number) => number;
  readonly candidates: (n: number) => number;
  readonly ascii: (at: number, n: number) => number;
}

/** undefined before the first text; null when WebAssembly is not to be had here. */
let counter: Counter | null | undefined;
let enabled = true;
/** Views of the counter's memory: its words (the counts) and its bytes from TEXT on. */
let words = new Int32Array(0);
let text = new Uint8Array(0);
const encoder = new TextEncoder();
/** The text counted last, whose UTF-8 (`countedBytes` of it) the counter's memory still holds. */
let countedText: string | undefined;
let countedBytes = 0;

/** For tests: whether texts are counted here (the default), or all with indexOf. */
export function useCounter(on = true): void {
  enabled = on;
}

/** The counter, made at the first text; null when WebAssembly is not to be had here. */
function counterOf(): Counter | null {
  if (counter === undefined) counter = wasmExports(JSON_COUNT_WASM) as Counter | null;
  return counter;
}

/** Grows the counter's memory to `need` bytes at least (what it holds stays), and its views with it. */
function room(c: Counter, need: number): void {
  if (need > words.byteLength) {
    const buffer = grownTo(c.memory, need);
    words = new Int32Array(buffer);
    text = new Uint8Array(buffer, TEXT);
  }
}

/**
 * The text asciiJsonText made last, whose bytes are at TEXT in the counter's memory, or
 * undefined: countJsonText then counts them where they are, not encoded again. Let go by the
 * next countJsonText, or by unstageJsonText once the body is decoded.
 */
let staged: string | undefined;

/** Lets go of the text asciiJsonText made, if no count took it: the module then holds no body but the text counted last. */
export function unstageJsonText(): void {
  staged = undefined;
}

/**
 * The text of UTF-8 bytes that are all ASCII, made one byte a character (latin1Slice), or
 * undefined for other bytes (and where the counter or latin1Slice is not to be had, or past
 * COUNT_MAX bytes): the caller then decodes them. The bytes are checked in the counter's memory
 * (`ascii`, sixteen at a time), where they stay for countJsonText. For a JSON body of bytes,
 * what TextDecoder and encodeInto cost its counts (see asciiText in xml-scan.ts for XML).
 */
export function asciiJsonText(b: Uint8Array): string | undefined {
  if (!enabled || latin1Slice === undefined || b.length > COUNT_MAX) return undefined;
  const c = counterOf();
  if (c === null) return undefined;
  room(c, TEXT + b.length + 32);
  // What was at TEXT is gone: no text stands for it any more.
  staged = countedText = undefined;
  text.set(b);
  if (c.ascii(TEXT, b.length) !== 1) return undefined;
  return (staged = latin1Slice.call(b, 0, b.length));
}

/** The counts of `s`, or undefined when they are not taken here (see above). */
export function countJsonText(s: string): TextCounts | undefined {
  if (!enabled || s.length > COUNT_MAX) return undefined;
  const c = counterOf();
  if (c === null) return undefined;
  // Room for the UTF-8 (at most 3 bytes a code unit) and the 32 bytes the counter clears after it.
  room(c, TEXT + 3 * s.length + 32);
  // Its bytes are there already when asciiJsonText made the text of them.
  const isStaged = s === staged;
  staged = undefined;
  const { read, written } = isStaged ? { read: s.length, written: s.length } : encoder.encodeInto(s, text);
  // Never short (the view has room for 3 bytes a code unit); a check costs nothing.
  if (read !== s.length) return undefined;
  countedText = s;
  countedBytes = written;
  const commas = c.counts(written);
  return { commas, brackets: words[0]! };
}

/**
 * The places in `s` where a digit is followed by ".", "e" or "E" and then a digit, a sign, ",",
 * "." or "/", strings included: at least as many as the numbers it writes with a fraction or an
 * exponent (each such number has one, where its digits meet its "." or its exponent). -1 when
 * `s` is not the text countJsonText counted last (its bytes are then no longer at hand).
 */
export function numberCandidates(s: string): number {
  if (countedText !== s || !counter) return -1;
  return counter.candidates(countedBytes);
}

/** For tests: the bytes of memory the counter holds now (0 when it has none). */
export function counterMemory(): number {
  return counter ? counter.memory.buffer.byteLength : 0;
}
