import { JSON_COUNT_WASM } from "./json-count-wasm.js";
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

/** The counts of `s`, or undefined when they are not taken here (see above). */
export function countJsonText(s: string): TextCounts | undefined {
  if (!enabled || s.length > COUNT_MAX) return undefined;
  if (counter === undefined) counter = wasmExports(JSON_COUNT_WASM) as Counter | null;
  const c = counter;
  if (c === null) return undefined;
  // Room for the UTF-8 (at most 3 bytes a code unit) and the 32 bytes the counter clears after it.
  const need = TEXT + 3 * s.length + 32;
  if (need > words.byteLength) {
    const buffer = grownTo(c.memory, need);
    words = new Int32Array(buffer);
    text = new Uint8Array(buffer, TEXT);
  }
  const { read, written } = encoder.encodeInto(s, text);
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
