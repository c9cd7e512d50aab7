import { wellFormed } from "./json-precheck.js";
import type { DecodeOptions } from "./options.js";
import { knownName, knownNameCount } from "./xml-document.js";
import { XML_SCAN_WASM } from "./xml-scan-wasm.js";
import { grownTo, wasmExports } from "./wasm-instance.js";

/**
 * The scanner: the reader's common case (a body of elements and text, every name one the spec
 * knows, no attribute, comment, CDATA section or processing instruction inside the root) read in
 * one pass over its UTF-8 by a WebAssembly function (xml-scan.wat) into the node table
 * XmlDocument keeps, whose offsets are the string's (UTF-16 code units: the scanner counts them
 * as it goes). It checks what the reader checks on such a body (names, end tags, `]]>` and characters
 * XML refuses in text, the limits) and declines anything else, and anything it would refuse:
 * the reader (xml-parse.ts) then reads the body from its start and reports what there is. So a
 * body reads to the same table, or the same error, either way; the scanner is only quicker.
 * Where WebAssembly cannot be compiled from bytes (some edge runtimes forbid it), the reader
 * reads every body.
 */

/** Memory of the scanner (see xml-scan.wat): name slots, name entries, open elements, then the body. */
const SLOTS = 2048;
const ENTRIES = 8192;
const ENTRIES_END = 65536;
const BODY = 81920;
/** Levels of open elements the scanner has room for; a deeper body is the reader's. */
export const SCAN_DEPTH = 256;
/**
 * Room in the node table: half the body's UTF-8 length (every node but the root follows a `<` of
 * its own, two bytes at least apart) for a body up to COUNTED bytes; past that its count of
 * start tags and 16 (a text node beside elements takes room too, and a body with many of them is
 * the reader's): for the bench's grown bodies, 0.47 bytes of table a character against 6.
 */
const COUNTED = 1 << 18;
/**
 * The most memory the scanner takes (WebAssembly never gives memory back, and it is kept for the
 * next body, as the reader keeps its node table and window of bytes): a body that needs more, the
 * body's bytes and its table, is the reader's. 8 MB: a body of about 5.5 MB like the bench's.
 */
export const KEPT_MEMORY = 8 << 20;
/** The longest body whose bytes the scanner has room for (some shorter ones leave no room for their table, and are the reader's too). */
export const SCAN_MAX = KEPT_MEMORY - BODY - 8;

interface Scanner {
  readonly memory: WebAssembly.Memory;
  readonly scan: (start: number, n: number, table: number, capacity: number, maxDepth: number, maxItems: number, maxNodes: number, maxName: number) => number;
  readonly end: WebAssembly.Global;
  readonly starts: (n: number) => number;
}

let enabled = true;
/** For tests: whether bodies go to the scanner first (the default), or straight to the reader. */
export function useScanner(on = true): void {
  enabled = on;
}

/** undefined before the first body; null when WebAssembly is not to be had here. */
let scanner: Scanner | null | undefined;
let bytes = new Uint8Array(0);
let words = new Int32Array(0);
/** Known names filed in the scanner's table so far (by number), and where the next entry goes. */
let filed = 0;
let entryAt = ENTRIES;
let slotsUsed = 0;
const encoder = new TextEncoder();

function views(s: Scanner): void {
  if (bytes.buffer !== s.memory.buffer) {
    bytes = new Uint8Array(s.memory.buffer);
    words = new Int32Array(s.memory.buffer);
  }
}

const MASK64 = (1n << 64n) - 1n;
/** A little-endian word of the (ASCII) name's characters from `from`, up to eight. */
function word(name: string, from: number): bigint {
  let x = 0n;
  for (let k = Math.min(name.length, from + 8) - 1; k >= from; k--) x = (x << 8n) | BigInt(name.charCodeAt(k));
  return x;
}
/**
 * The hash the scanner takes of a name's bytes (xml-scan.wat, $nameHash): its first eight bytes
 * and, past eight, its last eight, each as a little-endian word times a constant of its own, the
 * length, folded to 32 bits. Taken once per known name, when it is filed.
 */
export function nameHash(name: string): number {
  let x = (word(name, 0) * 0x9e3779b97f4a7c15n) & MASK64;
  if (name.length > 8) x ^= (word(name, name.length - 8) * 0xc2b2ae3d27d4eb4fn) & MASK64;
  x ^= BigInt(name.length);
  return Number((x ^ (x >> 29n)) & 0xffffffffn) | 0;
}

/**
 * Files the names the spec has made known since the last body: each as its number, its length
 * and its bytes, under its hash (open addressing, at most half the slots used). A name past
 * ASCII, or one that no longer fits, is not filed: a body holding it is the reader's.
 */
function fileNames(): void {
  for (const count = knownNameCount(); filed < count; filed++) {
    const name = knownName(filed);
    const size = 8 + ((name.length + 3) & ~3);
    if (name.length === 0 || !/^[\x21-\x7e]+$/.test(name) || entryAt + size > ENTRIES_END || slotsUsed >= SLOTS / 2) continue;
    words[entryAt >> 2] = filed;
    words[(entryAt >> 2) + 1] = name.length;
    for (let k = 0; k < name.length; k++) bytes[entryAt + 8 + k] = name.charCodeAt(k);
    let slot = nameHash(name) & (SLOTS - 1);
    while (words[slot] !== 0) slot = (slot + 1) & (SLOTS - 1);
    words[slot] = entryAt;
    slotsUsed++;
    entryAt += size;
  }
}

/** What scanRoot read: the node table (three numbers a node, as many as it wrote) and where the root element ends. */
export interface Scanned {
  readonly nodes: Int32Array;
  readonly end: number;
}

/**
 * Reads the root element starting at `start` (its `<`) of `xml`, a body of at most SCAN_MAX
 * characters, all ASCII before `start`; undefined when the scanner declines it (see above) or is
 * not to be had.
 */
export function scanRoot(xml: string, start: number, options: Required<Pick<DecodeOptions, "maxDepth" | "maxItems" | "maxNodes" | "maxTextLength">>): Scanned | undefined {
  if (!enabled) return undefined;
  if (scanner === undefined) scanner = wasmExports(XML_SCAN_WASM) as Scanner | null;
  const s = scanner;
  if (s === null) return undefined;
  const n = xml.length;
  // The body's UTF-8 (n bytes when it is ASCII, as most are; at most 3n).
  let table = (BODY + n + 8 + 3) & ~3;
  if (table > KEPT_MEMORY) return undefined;
  room(s, table);
  fileNames();
  let { read, written } = encoder.encodeInto(xml, bytes.subarray(BODY, BODY + n));
  if (read !== n) {
    // Past ASCII: what the scanner does not check in such a body is checked here (a lone
    // surrogate, which encodeInto writes as U+FFFD; U+FFFE and U+FFFF), and the body before the
    // root must be ASCII (the scanner starts at its `<` in bytes as in code units).
    if (!wellFormed(xml) || /[\uFFFE\uFFFF]/.test(xml) || /[^\x00-\x7f]/.test(xml.slice(0, start))) return undefined;
    table = (BODY + 3 * n + 8 + 3) & ~3;
    if (table > KEPT_MEMORY) return undefined;
    room(s, table);
    ({ read, written } = encoder.encodeInto(xml, bytes.subarray(BODY, BODY + 3 * n)));
    table = (BODY + written + 8 + 3) & ~3;
  }
  const m = written;
  // A `<` after the body stops every scan there (a name, text, white space read a word at a time).
  bytes[BODY + m] = 60;
  const capacity = (m <= COUNTED ? m >> 1 : s.starts(m)) + 16;
  if (table + 12 * capacity > KEPT_MEMORY) return undefined;
  room(s, table + 12 * capacity);
  const count = s.scan(start, m, table, capacity, Math.min(options.maxDepth, SCAN_DEPTH), options.maxItems, options.maxNodes, options.maxTextLength);
  if (count <= 0) return undefined;
  // The table is read where the scanner wrote it, for as long as this body is decoded (decoding is synchronous; the next body writes over it).
  return { nodes: words.subarray(table >> 2, (table >> 2) + 3 * count), end: s.end.value as number };
}

/** Grows the scanner's memory to `size` bytes at least (what it holds stays). */
function room(s: Scanner, size: number): void {
  grownTo(s.memory, size);
  views(s);
}

/** For tests: the bytes of memory the scanner holds now (0 when it has none). */
export function scannerMemory(): number {
  return scanner ? scanner.memory.buffer.byteLength : 0;
}
