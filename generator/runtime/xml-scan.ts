import type { DecodeOptions } from "./options.js";
import { knownName, knownNameCount } from "./xml-document.js";
import { XML_SCAN_WASM } from "./xml-scan-wasm.js";

/**
 * The scanner: the reader's common case (an ASCII body of elements and text, every name one the
 * spec knows, no attribute, comment, CDATA section or processing instruction inside the root)
 * read in one pass by a WebAssembly function (xml-scan.wat) into the node table XmlDocument
 * keeps. It checks what the reader checks on such a body (names, end tags, `]]>` and characters
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
const BODY = 73728;
/** Levels of open elements the scanner has room for; a deeper body is the reader's. */
export const SCAN_DEPTH = 256;
/** The longest body the scanner reads (characters); a longer one is the reader's, window by window. */
export const SCAN_MAX = 1 << 18;

interface Scanner {
  readonly memory: WebAssembly.Memory;
  readonly scan: (start: number, n: number, table: number, capacity: number, maxDepth: number, maxItems: number, maxNodes: number, maxName: number) => number;
  readonly end: WebAssembly.Global;
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

function instantiate(): Scanner | null {
  try {
    const binary = atob(XML_SCAN_WASM);
    const code = new Uint8Array(binary.length);
    for (let k = 0; k < binary.length; k++) code[k] = binary.charCodeAt(k);
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(code), {});
    return exports as unknown as Scanner;
  } catch {
    return null;
  }
}

function views(s: Scanner): void {
  if (bytes.buffer !== s.memory.buffer) {
    bytes = new Uint8Array(s.memory.buffer);
    words = new Int32Array(s.memory.buffer);
  }
}

/** The hash the scanner takes of a name's bytes (xml-scan.wat: h = h × 31 + byte, in 32 bits). */
function nameHash(name: string): number {
  let h = 0;
  for (let k = 0; k < name.length; k++) h = (Math.imul(h, 31) + name.charCodeAt(k)) | 0;
  return h;
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

/** What scanRoot read: the node table (three numbers a node) and where the root element ends. */
export interface Scanned {
  readonly nodes: Int32Array;
  readonly count: number;
  readonly end: number;
}

/**
 * Reads the root element starting at `start` (its `<`) of `xml`, an ASCII body of at most
 * SCAN_MAX characters; undefined when the scanner declines it (see above) or is not to be had.
 */
export function scanRoot(xml: string, start: number, options: Required<Pick<DecodeOptions, "maxDepth" | "maxItems" | "maxNodes" | "maxTextLength">>): Scanned | undefined {
  if (!enabled) return undefined;
  if (scanner === undefined) scanner = instantiate();
  const s = scanner;
  if (s === null) return undefined;
  const n = xml.length;
  // Every node but the root is after a `<` of its own, two characters at least apart.
  const capacity = (n >> 1) + 16;
  const table = (BODY + n + 8 + 3) & ~3;
  const need = table + 12 * capacity;
  if (need > s.memory.buffer.byteLength) s.memory.grow(Math.ceil((need - s.memory.buffer.byteLength) / 65536));
  views(s);
  fileNames();
  const { read, written } = encoder.encodeInto(xml, bytes.subarray(BODY, BODY + n));
  if (read !== n || written !== n) return undefined;
  // A `<` after the body stops every scan there (a name, text, white space read a word at a time).
  bytes[BODY + n] = 60;
  const count = s.scan(start, n, table, capacity, Math.min(options.maxDepth, SCAN_DEPTH), options.maxItems, options.maxNodes, options.maxTextLength);
  if (count <= 0) return undefined;
  return { nodes: words.subarray(table >> 2, (table >> 2) + 3 * count), count, end: s.end.value as number };
}
