import { DecodeContext } from "./context.js";
import { type Path, pathTo, show, showName } from "./issues.js";
import { lineColumn } from "./json-parse.js";
import { documentOf, isBlankRange, isKnownId, knownName, SPARE_NODES, XmlDocument, type XmlElement } from "./xml-document.js";
import { resized } from "./int32-array.js";
import { isXmlName } from "./xml-names.js";
import { SCAN_MAX, scanRoot } from "./xml-scan.js";
import { resolveOptions } from "./options.js";

export type { XmlElement } from "./xml-document.js";

/** Characters XML 1.0 does not allow anywhere, not even as text: C0 controls but tab, LF, CR; U+FFFE/U+FFFF; lone surrogates. */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A quick first look for NOT_XML_CHAR: a body without any of these (most bodies) needs no closer look. */
const MAYBE_NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/;

/** Why reading stopped: reported once, with the offset it was found at. */
class Refusal {
  constructor(
    readonly offset: number,
    readonly code: "syntax" | "dtd" | "too-deep" | "too-large",
    readonly message: string,
    /** The model path of the element it concerns. */
    readonly path?: Path,
  ) {}
}

/** Levels of open elements made room for at first (the default maxDepth is 64). */
const OPEN_ROOM = 64;

/**
 * The elements being read, one level per depth (0 is the root), in parallel arrays, so that
 * reading an element allocates nothing: its name and node, its last child node, a text run
 * read but not yet placed (it may be the leaf's own text, or white space to drop), and its
 * counts of items and text.
 */
class OpenElements {
  /** How many elements are open; the innermost is at depth - 1. */
  depth = 0;
  readonly name: string[] = [];
  /** Where the name of its start tag is in the body (its end tag is compared with it). */
  nameAt = new Int32Array(OPEN_ROOM);
  node = new Int32Array(OPEN_ROOM);
  /** The last child node added, or -1. */
  last = new Int32Array(OPEN_ROOM);
  /** The pending text run, or -1. */
  pendStart = new Int32Array(OPEN_ROOM);
  pendEnd = new Int32Array(OPEN_ROOM);
  items = new Int32Array(OPEN_ROOM);
  /** Characters of text read (a body's length at most: maxBytes is under 2 GiB). */
  text = new Int32Array(OPEN_ROOM);
  /** 1 once the element has a child element. */
  elements = new Int32Array(OPEN_ROOM);

  push(name: string, nameAt: number, node: number, items: number): void {
    const d = this.depth++;
    if (d === this.node.length) this.grow();
    this.name[d] = name;
    this.nameAt[d] = nameAt;
    this.node[d] = node;
    this.last[d] = -1;
    this.pendStart[d] = -1;
    this.pendEnd[d] = -1;
    this.items[d] = items;
    this.text[d] = 0;
    this.elements[d] = 0;
  }

  /** Twice the room, for an options object with a maxDepth past OPEN_ROOM. */
  private grow(): void {
    const twice = (a: Int32Array) => resized(a, 2 * a.length);
    this.nameAt = twice(this.nameAt);
    this.node = twice(this.node);
    this.last = twice(this.last);
    this.pendStart = twice(this.pendStart);
    this.pendEnd = twice(this.pendEnd);
    this.items = twice(this.items);
    this.text = twice(this.text);
    this.elements = twice(this.elements);
  }

  /** The model path of an element named `name` at `level`: the root is "", its children are named from there. */
  pathOf(level: number, name: string): Path {
    if (level === 0) return "";
    let path: Path = "";
    for (let k = 1; k < level; k++) path = pathTo(path, this.name[k]!);
    return pathTo(path, name);
  }
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/** True when `text` is found in `xml` at `at` (the caller has checked that it fits). */
function sameAt(xml: string, at: number, text: string): boolean {
  for (let k = 0; k < text.length; k++) if (xml.charCodeAt(at + k) !== text.charCodeAt(k)) return false;
  return true;
}

/*
 * Names are compared four bytes at a time where they can be, read through a DataView over the
 * codes (DataView reads any offset; a Uint32Array only aligned ones): an end tag of 8 to 16
 * characters costs about half what it does byte by byte (81 end tags of the media sample: 1.15
 * against 2.0 µs). Both sides of a comparison are read alike (little-endian), so the order of
 * bytes in a word does not count.
 */

/** True when the `length` bytes at `a` and at `b` of an ASCII body's codes are the same (`view` is over the codes). */
function sameCodes(codes: Uint8Array, view: DataView, a: number, b: number, length: number): boolean {
  let k = 0;
  for (; k + 4 <= length; k += 4) if (view.getUint32(a + k, true) !== view.getUint32(b + k, true)) return false;
  for (; k < length; k++) if (codes[a + k] !== codes[b + k]) return false;
  return true;
}

/**
 * sameAt on an ASCII body's codes, the name given as its character codes and, when it is all
 * ASCII, its whole words (see nameWords); the caller has checked that it fits.
 */
function nameAtCodes(codes: Uint8Array, view: DataView, at: number, name: Uint16Array, words: Uint32Array | undefined): boolean {
  let k = 0;
  if (words !== undefined) for (; k + 4 <= name.length; k += 4) if (view.getUint32(at + k, true) !== words[k >> 2]) return false;
  for (; k < name.length; k++) if (codes[at + k] !== name[k]) return false;
  return true;
}

/** A name's characters as little-endian words of four (the last partial word left out), for nameAtCodes; undefined for a name with a character past ASCII, which no ASCII body holds. */
function nameWords(name: string): Uint32Array | undefined {
  const bytes = new Uint8Array(name.length);
  for (let k = 0; k < name.length; k++) {
    const c = name.charCodeAt(k);
    if (c >= 128) return undefined;
    bytes[k] = c;
  }
  const view = new DataView(bytes.buffer);
  return Uint32Array.from({ length: name.length >> 2 }, (_, w) => view.getUint32(4 * w, true));
}

/** 1 for the bytes of white space: space, tab, LF, CR. */
const SPACE_BYTE = Uint8Array.from({ length: 256 }, (_, c) => (isSpace(c) ? 1 : 0));

/**
 * isBlankRange, on an ASCII body's codes: four bytes at a time from `start` through a DataView
 * over the codes (see sameCodes), a word of four spaces (most of an indentation) passing with
 * one comparison and others by looking their bytes up in SPACE_BYTE; the last one to three bytes
 * one by one. The media sample's 118 runs of white space took 3.8 µs so, against 4.6 byte by
 * byte up to a word's boundary and by aligned words after it.
 */
function isBlankCodes(codes: Uint8Array, view: DataView, start: number, end: number): boolean {
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const x = view.getUint32(i, true);
    if (x !== 0x20202020 && (SPACE_BYTE[x & 0xff]! & SPACE_BYTE[(x >>> 8) & 0xff]! & SPACE_BYTE[(x >>> 16) & 0xff]! & SPACE_BYTE[x >>> 24]!) === 0) return false;
  }
  for (; i < end; i++) if (SPACE_BYTE[codes[i]!] === 0) return false;
  return true;
}

/**
 * A body's characters as bytes, for the reader's comparisons character by character (a name
 * with a name, white space): on Node 20 here, reading a typed array costs less than half what
 * charCodeAt does (an end tag of 8 characters compared in 15 ns against 40). Only for a body
 * all ASCII, so that each character is one byte (TextEncoder's encodeInto wrote as many bytes
 * as it read characters); other bodies are read with charCodeAt alone.
 *
 * The bytes are a window of at most CODES_MAX (256 K) characters, the whole body when it is no
 * longer: a longer body is checked window by window first (all ASCII, no character XML
 * refuses), and the reader then moves the window forward as it reads, never back (see
 * XmlReader.holds), so the body is encoded at most three times over and never copied whole.
 * The array is lent to one reader at a time and kept for the next body; its bytes past the
 * window's end are another body's or another window's, and are never read.
 */
const CODES_MAX = 1 << 18;
let codesWindow = CODES_MAX;
/** For tests: the window's length in characters (a multiple of 4, at least 64), or the default again with no argument. */
export function setCodesWindow(chars = CODES_MAX): void {
  if (!Number.isInteger(chars) || chars < 64 || chars % 4 !== 0) throw new RangeError(`setCodesWindow: ${chars} is not a multiple of 4 of at least 64`);
  codesWindow = chars;
}
const encoder = new TextEncoder();
let spareCodes: Uint8Array | undefined;
/** spareCodes as 32-bit words (the same memory), made with it: one reader at a time borrows them (parseXml calls out to nothing while it reads). */
let spareWords: Uint32Array = new Uint32Array(0);
/** A DataView over spareCodes, made with it. */
let spareView: DataView = new DataView(new ArrayBuffer(0));
const NO_CODES = new Uint8Array(0);
const NO_VIEW = new DataView(new ArrayBuffer(0));
/** What borrowCodes found besides the bytes: a character XML refuses. */
let refusedCharacter = false;
/** What borrowCodes found besides the bytes when asked to count them: the body's `<` (-1 when not counted). */
let ltCount = -1;

/**
 * The body's bytes (see above) when it is all ASCII, else undefined. refusedCharacter tells
 * whether a character XML refuses was met (the scan stops there). The array then holds the
 * body's first window only when that is the whole body. With `countLt`, ltCount is the body's
 * `<` once every window is checked.
 */
function borrowCodes(xml: string, countLt: boolean): Uint8Array | undefined {
  refusedCharacter = false;
  ltCount = -1;
  let lts = 0;
  const window = Math.min(xml.length, codesWindow);
  let codes = spareCodes;
  spareCodes = undefined;
  if (codes === undefined || codes.length < window) {
    codes = new Uint8Array(Math.max(4096, 2 ** Math.ceil(Math.log2(window))));
    spareWords = new Uint32Array(codes.buffer, 0, codes.length >> 2);
    spareView = new DataView(codes.buffer);
  }
  const words = spareWords;
  for (let at = 0; at < xml.length; at += window) {
    const part = window === xml.length ? xml : xml.substring(at, at + window);
    const { read, written } = encoder.encodeInto(part, codes);
    if (read !== part.length || written !== part.length) {
      spareCodes = codes;
      return undefined;
    }
    const free = countLt ? (lts += ltsOf(codes, words, part.length)) >= 0 : controlFree(codes, words, part.length);
    if (!free) {
      refusedCharacter = true;
      return codes;
    }
  }
  if (countLt) ltCount = lts;
  return codes;
}
function returnCodes(codes: Uint8Array | undefined): void {
  if (codes !== undefined) spareCodes = codes;
}

/** 1 for a byte XML refuses in an ASCII body: a C0 control but tab, LF and CR. */
const REFUSED_BYTE = Uint8Array.from({ length: 256 }, (_, c) => (c < 32 && c !== 9 && c !== 10 && c !== 13 ? 1 : 0));

/**
 * True when an ASCII body's codes hold no character XML refuses: no C0 control but tab, LF and
 * CR (an ASCII body has no other). Four bytes at a time: a word with a byte under 0x20 is
 * found by a subtraction (exact for bytes under 0x80, as an ASCII body's are: a borrow runs on
 * only from such a byte), and only those words (the line ends, mostly) have their four bytes
 * looked up in REFUSED_BYTE. A quarter of the reads of NOT_XML_CHAR's scan, which costs as much
 * as a loop over every byte; the look-up, without a branch per byte, took the seed's check from
 * 0.9 to 0.6 µs.
 */
function controlFree(codes: Uint8Array, words: Uint32Array, length: number): boolean {
  const n = length >> 2;
  for (let w = 0; w < n; w++) if (refusedIn(words[w]!)) return false;
  return allowedBytes(codes, 4 * n, length);
}

/** True when a word of an ASCII body's codes holds a byte XML refuses (see controlFree). */
function refusedIn(x: number): boolean {
  return ((x - 0x20202020) & 0x80808080) !== 0 && (REFUSED_BYTE[x & 0xff]! | REFUSED_BYTE[(x >>> 8) & 0xff]! | REFUSED_BYTE[(x >>> 16) & 0xff]! | REFUSED_BYTE[x >>> 24]!) !== 0;
}

/**
 * controlFree and a count of `<`, in one pass: the number of `<` in an ASCII body's codes, or
 * -Infinity when they hold a character XML refuses. A word's `<` are the zero bytes of the word
 * XOR "<<<<", found exactly (no borrow: each byte's low seven bits are added on their own)
 * and added up by one multiplication.
 */
function ltsOf(codes: Uint8Array, words: Uint32Array, length: number): number {
  const n = length >> 2;
  let lts = 0;
  for (let w = 0; w < n; w++) {
    const x = words[w]!;
    if (refusedIn(x)) return -Infinity;
    const y = x ^ 0x3c3c3c3c;
    const zero = ~(((y & 0x7f7f7f7f) + 0x7f7f7f7f) | y) & 0x80808080;
    lts += Math.imul(zero >>> 7, 0x01010101) >>> 24;
  }
  for (let k = 4 * n; k < length; k++) if (codes[k] === 60) lts++;
  return allowedBytes(codes, 4 * n, length) ? lts : -Infinity;
}

/** No byte from start to end is a C0 control but tab, LF and CR. */
function allowedBytes(codes: Uint8Array, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const c = codes[k]!;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

/** No character from start to end of an ASCII body is a C0 control but tab, LF and CR. */
function allowedText(xml: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const c = xml.charCodeAt(k);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

/** A-Z a-z _ : anywhere; 0-9 - . after the first character. */
function asciiNameChar(c: number, first: boolean): boolean {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58) return true;
  return !first && ((c >= 48 && c <= 57) || c === 45 || c === 46);
}

/** What an ASCII character is to a name: it ends one (white space, / > = < ?), starts one, continues one, or is not allowed in one. */
const ENDS_NAME = 0;
const NAME_START = 1;
const NAME_CHAR = 2;
const NOT_NAME = 3;
const ASCII_NAME = Uint8Array.from({ length: 128 }, (_, c) =>
  isSpace(c) || c === 47 || c === 62 || c === 61 || c === 60 || c === 63 ? ENDS_NAME : asciiNameChar(c, true) ? NAME_START : asciiNameChar(c, false) ? NAME_CHAR : NOT_NAME,
);

/** True for a name of ASCII letters, digits, _ : - . not starting with a digit, - or . (most names; others are checked in full). */
function plainAsciiName(name: string): boolean {
  for (let k = 0; k < name.length; k++) {
    const c = name.charCodeAt(k);
    const t = c < 128 ? ASCII_NAME[c]! : NOT_NAME;
    if (t === NOT_NAME || t === ENDS_NAME || (t === NAME_CHAR && k === 0)) return false;
  }
  return true;
}

/** Open-element arrays of finished reads, kept for the next (they hold names the spec knows, and numbers). */
const spareOpen: OpenElements[] = [];

/**
 * Names the spec knows, as the reader has met them, by a hash of their characters (open
 * addressing; a power of two slots, at most half of them used): a name met before (every
 * end tag, and most start tags) is found without slicing it out of the body again, and is the
 * same string each time, so comparing it costs little. Kept across documents: these names
 * and their numbers are the same in every one.
 */
const NAME_SLOTS = 4096;
const seenNames: (string | undefined)[] = new Array<string | undefined>(NAME_SLOTS).fill(undefined);
const seenIds = new Int32Array(NAME_SLOTS);
let seenCount = 0;

/**
 * The same names again, by a hash of their first two characters, each key a linked list: a
 * start tag is most often a name the spec knows, met in an earlier body, and it is then found
 * by comparing it once with the few names filed under its key and checking that the name ends
 * where that one does. This reads its characters once, where the hash above reads them twice
 * (to hash, then to compare). 2 KB: a table keyed by both characters whole (64 KB) decoded no
 * faster, in a loop or under HTTP.
 */
const PREFIX_SLOTS = 512;
const prefixHead = new Int32Array(PREFIX_SLOTS).fill(-1);
const prefixNext: number[] = [];
const prefixName: string[] = [];
const prefixCodes: Uint16Array[] = [];
const prefixWords: (Uint32Array | undefined)[] = [];
const prefixId: number[] = [];
/** (Past the body's end charCodeAt gives NaN, whose key is 0: a key with no name that ends there.) */
const prefixKey = (c0: number, c1: number) => (Math.imul(c0, 31) + c1) & (PREFIX_SLOTS - 1);

/** Files a known name (of two characters or more) under its first two. */
function addPrefix(name: string, id: number): void {
  if (name.length < 2) return;
  const key = prefixKey(name.charCodeAt(0), name.charCodeAt(1));
  prefixNext.push(prefixHead[key]!);
  prefixName.push(name);
  prefixCodes.push(Uint16Array.from(name, (c) => c.charCodeAt(0)));
  prefixWords.push(nameWords(name));
  prefixId.push(id);
  prefixHead[key] = prefixName.length - 1;
}

/**
 * A reader of one XML document in a single left-to-right pass, in time linear in the body
 * whatever its shape. It checks well-formedness as XML 1.0 defines it (names, quoting, end
 * tags, comments, CDATA, processing instructions, the XML declaration, references in
 * attribute values) and applies the limits as it reads: an element deeper than maxDepth
 * (self-closing ones too), more child elements and attributes in one element than maxItems,
 * or a text far past maxTextLength stops it at once. DTDs are refused, never read.
 */
class XmlReader {
  private i = 0;
  /** Elements, attributes and text runs read so far, against maxNodes. */
  private nodes = 0;
  private brackets = -2;
  /** Where the last run of text found blank by nextTag starts (a run is all the text from there to the next `<`), or -1. */
  private blankAt = -1;
  /** The elements being read. */
  readonly open = spareOpen.pop() ?? new OpenElements();
  /** The number (in the document) of the name `name` read last. */
  private nameId = -1;
  /** A window of the body's bytes when it is ASCII (see borrowCodes), else NO_CODES: codes[k] is the character at base + k, up to limit. */
  private readonly codes: Uint8Array;
  /** A DataView over the same bytes (see sameCodes). */
  private readonly view: DataView;
  private readonly ascii: boolean;
  private base: number;
  private limit: number;
  private readonly window = codesWindow;
  constructor(
    private readonly xml: string,
    private readonly ctx: DecodeContext,
    private readonly doc: XmlDocument,
    codes: Uint8Array | undefined,
  ) {
    this.codes = codes ?? NO_CODES;
    this.ascii = codes !== undefined;
    this.view = codes !== undefined ? spareView : NO_VIEW;
    // A body of one window is in the array whole; the first window of a longer one is moved to on first use.
    this.base = 0;
    this.limit = codes !== undefined && xml.length <= this.window ? xml.length : 0;
  }

  /**
   * True when the codes hold the body from `from` to `to`, after moving the window forward to
   * `from` if they did not. It is never moved back, nor for a range over half a window (the
   * caller then reads with charCodeAt): each move then goes over half a window forward at
   * least, so a body is encoded at most three times over (its check, and the moves), however
   * its markup falls.
   */
  private holds(from: number, to: number): boolean {
    return (from >= this.base && to <= this.limit) || this.slide(from, to);
  }

  private slide(from: number, to: number): boolean {
    // (Callers ask only for an ASCII body.)
    if (from < this.base || to - from > this.window >> 1) return false;
    const part = this.xml.substring(from, from + this.window);
    encoder.encodeInto(part, this.codes);
    this.base = from;
    this.limit = from + part.length;
    return to <= this.limit;
  }

  /** True when the body from start to end is only white space. */
  private blank(start: number, end: number): boolean {
    if (start === this.blankAt) return true;
    return this.ascii && this.holds(start, end) ? isBlankCodes(this.codes, this.view, start - this.base, end - this.base) : isBlankRange(this.xml, start, end);
  }

  /**
   * The next `<` from i, or -1. Indented markup puts a short run of white space before most
   * tags: on an ASCII body's codes that run is read up to its `<` (four spaces at a time, else a
   * byte), so that `<` needs no indexOf, and the run is known blank (blankAt) when it is placed.
   * Otherwise (text, or the window's end) indexOf finds the `<`.
   */
  private nextTag(): number {
    const from = this.i;
    if (this.ascii && from >= this.base) {
      const { codes, view } = this;
      const stop = this.limit - this.base;
      let k = from - this.base;
      // Four spaces at a time where the run has them (indentation), else a byte.
      for (;;) {
        if (k + 4 <= stop && view.getUint32(k, true) === 0x20202020) k += 4;
        else if (k < stop && SPACE_BYTE[codes[k]!] === 1) k++;
        else break;
      }
      if (k < stop && codes[k] === 60) {
        if (k + this.base > from) this.blankAt = from;
        return k + this.base;
      }
    }
    return this.xml.indexOf("<", from);
  }

  private fail(offset: number, message: string): never {
    throw new Refusal(offset, "syntax", message);
  }

  private skipSpace(): boolean {
    const start = this.i;
    while (this.i < this.xml.length && isSpace(this.xml.charCodeAt(this.i))) this.i++;
    return this.i > start;
  }

  /** A name starting at i, ending before white space or any of `/>=<?`; checked against XML's Name production. */
  private name(what: string): string {
    const { xml } = this;
    const start = this.i;
    const max = this.ctx.options.maxTextLength;
    for (let e = prefixHead[prefixKey(xml.charCodeAt(start), xml.charCodeAt(start + 1))]!; e >= 0; e = prefixNext[e]!) {
      const known = prefixName[e]!;
      const end = start + known.length;
      const c = xml.charCodeAt(end);
      // The same name as the loop below reads: it ends at the first character that ends a name.
      if (c < 128 && ASCII_NAME[c] === ENDS_NAME && known.length <= max && (this.ascii && this.holds(start, end) ? nameAtCodes(this.codes, this.view, start - this.base, prefixCodes[e]!, prefixWords[e]) : sameAt(xml, start, known))) {
        this.i = end;
        this.nameId = prefixId[e]!;
        return known;
      }
    }
    let hash = 0;
    let j = start;
    for (; j < xml.length; j++) {
      const c = xml.charCodeAt(j);
      if (c < 128 && ASCII_NAME[c] === ENDS_NAME) break;
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    const length = j - start;
    if (length > max) throw new Refusal(start, "too-large", `a name over maxTextLength (${max} characters)`);
    let slot = hash & (NAME_SLOTS - 1);
    for (let known = seenNames[slot]; known !== undefined; known = seenNames[slot]) {
      if (known.length === length && sameAt(xml, start, known)) {
        this.i = j;
        this.nameId = seenIds[slot]!;
        return known;
      }
      slot = (slot + 1) & (NAME_SLOTS - 1);
    }
    const name = xml.slice(start, j);
    if (name === "") this.fail(start, `expected ${what}, found ${j < xml.length ? show(xml[j]) : "the end of the body"}`);
    if (!plainAsciiName(name) && !isXmlName(name)) this.fail(start, `${show(name)} is not ${what} XML allows`);
    const id = this.doc.nameId(name);
    this.nameId = id;
    this.i = j;
    if (!isKnownId(id)) return name;
    // The spec's own string is kept, not the slice: a slice would hold this whole body in memory.
    const known = knownName(id);
    if (seenCount < NAME_SLOTS / 2) {
      seenNames[slot] = known;
      seenIds[slot] = id;
      seenCount++;
      addPrefix(known, id);
    }
    return known;
  }

  /** `<?xml version="1.0" encoding="…" standalone="…"?>` at the very start of the body. */
  private declaration(): void {
    const { xml } = this;
    const end = xml.indexOf("?>");
    if (end < 0) this.fail(0, "the XML declaration is not closed with ?>");
    const decl = xml.slice(5, end);
    const ok = /^[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*("1\.[0-9]+"|'1\.[0-9]+')([ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*("[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?([ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*("(yes|no)"|'(yes|no)'))?[ \t\r\n]*$/.exec(decl);
    if (!ok) this.fail(0, `malformed XML declaration ${show(xml.slice(0, end + 2))}: expected <?xml version="1.0" encoding="…" standalone="yes|no"?> with its parts in that order`);
    this.i = end + 2;
  }

  /** A comment, a processing instruction or a DOCTYPE starting at i (which holds `<!` or `<?`). */
  private markup(): void {
    const { xml } = this;
    const at = this.i;
    if (xml.startsWith("<!--", at)) {
      const end = xml.indexOf("-->", at + 4);
      if (end < 0) this.fail(at, "a comment is not closed with -->");
      const dashes = xml.indexOf("--", at + 4);
      if (dashes < end) this.fail(dashes, "-- inside a comment (XML allows it only in the closing -->)");
      this.i = end + 3;
      return;
    }
    if (xml.startsWith("<?", at)) {
      this.i = at + 2;
      const target = this.name("a processing instruction target");
      if (target.toLowerCase() === "xml") this.fail(at, "an XML declaration is allowed only at the very start of the body");
      const end = xml.indexOf("?>", this.i);
      if (end < 0) this.fail(at, "a processing instruction is not closed with ?>");
      if (end > this.i && !isSpace(xml.charCodeAt(this.i))) this.fail(this.i, `expected white space after the processing instruction target ${show(target)}`);
      this.i = end + 2;
      return;
    }
    if (/^<!(DOCTYPE|ENTITY)/i.test(xml.slice(at, at + 9))) throw new Refusal(at, "dtd", "");
    this.fail(at, `${show(xml.slice(at, at + 12))} is neither a comment nor a CDATA section`);
  }

  /** Comments, processing instructions and white space before or after the root element. */
  private misc(): void {
    const { xml } = this;
    for (;;) {
      this.skipSpace();
      if (xml.startsWith("<!", this.i) && !xml.startsWith("<![CDATA[", this.i)) this.markup();
      else if (xml.startsWith("<?", this.i)) this.markup();
      else return;
    }
  }

  /** An attribute value between quotes, references decoded; `<` and unknown references are not well-formed. */
  private attributeValue(): string {
    const { xml } = this;
    const q = xml.charCodeAt(this.i);
    if (q !== 34 && q !== 39) this.fail(this.i, `expected a quoted attribute value, found ${this.i < xml.length ? show(xml[this.i]) : "the end of the body"}`);
    const start = this.i + 1;
    const end = xml.indexOf(q === 34 ? '"' : "'", start);
    if (end < 0) this.fail(this.i, "an attribute value is not closed");
    if (end - start > this.ctx.options.maxTextLength) throw new Refusal(start, "too-large", `an attribute value over maxTextLength (${this.ctx.options.maxTextLength} characters)`);
    this.i = end + 1;
    const raw = xml.slice(start, end);
    const lt = raw.indexOf("<");
    if (lt >= 0) this.fail(start + lt, "< inside an attribute value (write it as &lt;)");
    if (!raw.includes("&")) return raw.replace(/[\t\n\r]/g, " ");
    let out = "";
    let k = 0;
    for (;;) {
      const amp = raw.indexOf("&", k);
      if (amp < 0) break;
      const semi = raw.indexOf(";", amp);
      const ref = semi < 0 ? undefined : resolveReference(raw.slice(amp + 1, semi));
      if (ref === undefined) this.fail(start + amp, `${show(raw.slice(amp, semi < 0 ? amp + 1 : Math.min(semi + 1, amp + 20)))} in an attribute value is not one of &lt; &gt; &amp; &quot; &apos; or a character reference`);
      out += raw.slice(k, amp).replace(/[\t\n\r]/g, " ") + ref;
      k = semi + 1;
    }
    return out + raw.slice(k).replace(/[\t\n\r]/g, " ");
  }

  /** A start tag at i (just past `<`): the element is added to the document, and opened unless it closes itself. */
  private startTag(open: OpenElements): void {
    const { xml, ctx, doc } = this;
    const at = this.i - 1;
    const p = open.depth - 1;
    const nameAt = this.i;
    const name = this.name("an element name");
    const id = this.nameId;
    if (open.depth + 1 > ctx.options.maxDepth) throw new Refusal(at, "too-deep", "");
    this.countNode(at);
    if (p >= 0) {
      if (++open.items[p]! > ctx.options.maxItems) throw new Refusal(at, "too-large", `over maxItems (${ctx.options.maxItems}) child elements and attributes in one element`, open.pathOf(p, open.name[p]!));
      this.placePending(open, p, true);
    }
    let attributes: [string, string][] | undefined;
    let names: Set<string> | undefined;
    for (;;) {
      const spaced = this.skipSpace();
      const c = xml.charCodeAt(this.i);
      if (c === 62 || (c === 47 && xml.charCodeAt(this.i + 1) === 62)) {
        this.i += c === 62 ? 1 : 2;
        const node = doc.addElement(id, attributes, p >= 0 ? open.last[p]! : -1, p >= 0 ? open.node[p]! : -1);
        if (p >= 0) {
          open.last[p] = node;
          open.elements[p] = 1;
        }
        if (c === 62) open.push(name, nameAt, node, attributes?.length ?? 0);
        return;
      }
      if (this.i >= xml.length) this.fail(at, `the body ends inside the start tag <${showName(name)}>`);
      if (!spaced) this.fail(this.i, `expected white space, > or /> in the start tag <${showName(name)}>, found ${show(xml[this.i])}`);
      const attrAt = this.i;
      const attr = this.name("an attribute name");
      this.skipSpace();
      if (xml.charCodeAt(this.i) !== 61) this.fail(this.i, `expected = after the attribute name ${show(attr)}`);
      this.i++;
      this.skipSpace();
      const value = this.attributeValue();
      attributes ??= [];
      if (attributes.length >= 8) {
        if (names === undefined) names = new Set(attributes.map(([n]) => n));
        if (names.has(attr)) this.fail(attrAt, `the attribute ${show(attr)} appears twice in <${showName(name)}>`);
        names.add(attr);
      } else if (attributes.some(([n]) => n === attr)) this.fail(attrAt, `the attribute ${show(attr)} appears twice in <${showName(name)}>`);
      attributes.push([attr, value]);
      this.countNode(attrAt);
      if (attributes.length > ctx.options.maxItems) throw new Refusal(attrAt, "too-large", `over maxItems (${ctx.options.maxItems}) child elements and attributes in one element`, open.pathOf(p + 1, name));
    }
  }

  private countNode(at: number): void {
    if (++this.nodes > this.ctx.options.maxNodes) throw new Refusal(at, "too-large", `over maxNodes (${this.ctx.options.maxNodes}) elements, attributes and text runs in the body`);
  }

  /**
   * Places the text run the element at depth `d` holds pending: white space beside child
   * elements is not content and is dropped; anything else becomes a text node. `before` is
   * true when a child element follows (the run is then beside one).
   */
  private placePending(open: OpenElements, d: number, before: boolean): void {
    const pendStart = open.pendStart[d]!;
    if (pendStart < 0) return;
    const pendEnd = open.pendEnd[d]!;
    open.pendStart[d] = -1;
    if ((before || open.elements[d] === 1) && this.blank(pendStart, pendEnd)) return;
    this.countNode(pendStart);
    open.last[d] = this.doc.addText(pendStart, false, open.last[d]!, open.node[d]!);
  }

  /**
   * Counts text (or CDATA) inside the element at depth `d`; far past maxTextLength it is refused
   * at once (the exact limit applies to the decoded text, when it is read). White space beside
   * child elements is not content and does not count.
   */
  private countText(open: OpenElements, d: number, length: number, at: number, cdata = false): void {
    const text = (open.text[d] = open.text[d]! + length);
    // Entities shrink text at most sixfold (&quot; is one character): past that, no decoding can bring it under the limit.
    if (text <= this.ctx.options.maxTextLength * 6) return;
    const besideElements = open.elements[d] === 1 || !this.xml.startsWith("</", at + length);
    if (!cdata && besideElements && this.blank(at, at + length)) {
      open.text[d] = text - length;
      return;
    }
    throw new Refusal(at, "too-large", `a text over maxTextLength (${this.ctx.options.maxTextLength} characters)`, open.pathOf(d, open.name[d]!));
  }

  /** An end tag at `lt` other than `</name>` exactly: `</name >`, or one that is not well-formed. */
  private endTag(lt: number, name: string): void {
    const { xml } = this;
    this.i = lt + 2;
    const found = this.name("an element name");
    if (found !== name) this.fail(lt, `expected </${showName(name)}>, found </${showName(found)}>`);
    this.skipSpace();
    if (xml.charCodeAt(this.i) !== 62) this.fail(this.i, `expected > to end </${showName(found)}>`);
    this.i++;
  }

  /** The XML declaration, comments, processing instructions and white space before the root element: i is then at its `<`. */
  private prolog(): void {
    const { xml } = this;
    if (xml.startsWith("<?xml") && (xml.length === 5 || isSpace(xml.charCodeAt(5)) || xml.startsWith("?>", 5))) this.declaration();
    this.misc();
    if (this.i >= xml.length) this.fail(this.i, "no root element");
    if (xml.charCodeAt(this.i) !== 60) this.fail(this.i, `text before the root element: ${show(xml.slice(this.i, this.i + 20))}`);
  }

  /** Comments, processing instructions and white space after the root element, to the body's end. */
  private epilog(): void {
    this.misc();
    if (this.i < this.xml.length) {
      this.fail(this.i, `${show(this.xml.slice(this.i, this.i + 20))} after the root element (a document holds one element and nothing but comments, processing instructions and white space after it)`);
    }
  }

  /**
   * The document read by the scanner (xml-scan.ts) when it takes the root element, the prolog
   * and epilog by this reader; false, with nothing reported, when the scanner declines the body
   * or this reader finds something wrong around the root (the body is then read again in full,
   * which reports it). The reader's own checks of a body's characters cover the whole body,
   * the scanner's only the root: those around it are checked here.
   */
  scanned(): boolean {
    const { xml } = this;
    this.prolog();
    const start = this.i;
    const scan = scanRoot(xml, start, this.ctx.options);
    if (scan === undefined) return false;
    this.doc.adopt(scan.nodes);
    this.i = scan.end;
    if (!allowedText(xml, 0, start) || !allowedText(xml, scan.end, xml.length)) return false;
    this.epilog();
    return true;
  }

  document(): XmlElement {
    const { xml, doc } = this;
    this.prolog();
    this.i++;
    const open = this.open;
    this.startTag(open);
    while (open.depth > 0) {
      const d = open.depth - 1;
      const lt = this.nextTag();
      if (lt < 0) this.fail(xml.length, `the body ends before ${open.name.slice(Math.max(0, d - 2), d + 1).map((n) => `<${showName(n)}>`).join(", ")} ${d === 0 ? "is" : "are"} closed`);
      if (lt > this.i) {
        // The next ]]> at or after i, found once and reused until passed: linear, however many text runs.
        // (A run nextTag found blank holds no ]]>.)
        if (this.blankAt !== this.i) {
          if (this.brackets !== -1 && this.brackets < this.i) this.brackets = xml.indexOf("]]>", this.i);
          if (this.brackets >= 0 && this.brackets < lt) this.fail(this.brackets, "]]> in text (write it as ]]&gt;)");
        }
        this.countText(open, d, lt - this.i, this.i);
        this.placePending(open, d, false);
        open.pendStart[d] = this.i;
        open.pendEnd[d] = lt;
      }
      this.i = lt;
      const next = xml.charCodeAt(lt + 1);
      if (next === 47) {
        // An end tag must name the open element exactly; most are just that name and >.
        const name = open.name[d]!;
        const end = lt + 2 + name.length;
        // (The > found at end puts the whole name inside the body.)
        if (xml.charCodeAt(end) === 62 && (this.ascii && this.holds(lt + 2, end) && open.nameAt[d]! >= this.base ? sameCodes(this.codes, this.view, lt + 2 - this.base, open.nameAt[d]! - this.base, name.length) : sameAt(xml, lt + 2, name))) this.i = end + 1;
        else this.endTag(lt, name);
        open.depth--;
        if (open.pendStart[d]! >= 0 && open.last[d]! < 0) doc.setOwnText(open.node[d] as XmlElement, open.pendStart[d]!);
        else this.placePending(open, d, false);
      } else if (next === 33 && xml.startsWith("<![CDATA[", lt)) {
        const end = xml.indexOf("]]>", lt + 9);
        if (end < 0) this.fail(lt, "a CDATA section is not closed with ]]>");
        this.countText(open, d, end - lt - 9, lt, true);
        this.placePending(open, d, false);
        this.countNode(lt);
        open.last[d] = doc.addText(lt + 9, true, open.last[d]!, open.node[d]!);
        this.i = end + 3;
      } else if (next === 33 || next === 63) this.markup();
      else {
        this.i = lt + 1;
        if (next < 128 && !asciiNameChar(next, true)) this.fail(lt, `< not followed by an element name (a < in text is written &lt;)`);
        this.startTag(open);
      }
    }
    this.epilog();
    return 0 as XmlElement;
  }
}

const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** The character a reference (between `&` and `;`) stands for, or undefined when XML does not define it. */
function resolveReference(ref: string): string | undefined {
  if (ref.startsWith("#")) {
    const hex = ref[1] === "x";
    const digits = ref.slice(hex ? 2 : 1);
    if (digits === "" || digits.length > 12 || !(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return undefined;
    const code = parseInt(digits, hex ? 16 : 10);
    const ok = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    return ok ? String.fromCodePoint(code) : undefined;
  }
  return Object.prototype.hasOwnProperty.call(NAMED, ref) ? NAMED[ref] : undefined;
}

/**
 * Parses an XML body into its root element, in one pass. Refuses DTDs and entity
 * declarations, bodies nested deeper than the limit, elements over the item limit and
 * anything not well-formed, reporting to ctx with the line and column.
 */
export function parseXml(body: string, ctx: DecodeContext): XmlElement | undefined {
  // End-of-line handling (XML 1.0, 2.11): CR LF and a lone CR are read as LF.
  const xml = body.includes("\r") ? body.replace(/\r\n?/g, "\n") : body;
  // A body too long for the spare node table has its table sized by its `<` (see tableRoom).
  const estimate = Math.max(64, xml.length >> 4);
  // Text past 6 × maxTextLength may be refused as it is read (see countText): such bodies are the reader's.
  if (xml.length <= SCAN_MAX && xml.length <= 6 * ctx.options.maxTextLength) {
    // (The scanner's table takes the place of the one the document starts with: the spare one, not a new one.)
    const doc = new XmlDocument(xml, 0);
    const reader = new XmlReader(xml, ctx, doc, undefined);
    let read = false;
    try {
      read = reader.scanned();
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
    }
    spareOpen.push(reader.open);
    if (read) {
      ctx.document = doc;
      return 0 as XmlElement;
    }
    doc.release();
  }
  const codes = borrowCodes(xml, estimate > SPARE_NODES);
  const bad = (codes !== undefined ? refusedCharacter : MAYBE_NOT_XML_CHAR.test(xml)) ? NOT_XML_CHAR.exec(xml) : null;
  if (bad) {
    returnCodes(codes);
    const at = lineColumn(xml, bad.index);
    ctx.fail("", "syntax", `the body is not well-formed XML at line ${at.line}, column ${at.column}: U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")} is not a character XML allows`);
    return undefined;
  }
  const doc = new XmlDocument(xml, tableRoom(estimate, ltCount));
  try {
    const reader = new XmlReader(xml, ctx, doc, codes);
    const root = reader.document();
    // The arrays of open elements (all closed now) serve the next body, holding none of its names.
    reader.open.name.fill("");
    spareOpen.push(reader.open);
    ctx.document = doc;
    return root;
  } catch (e) {
    doc.release();
    if (!(e instanceof Refusal)) throw e;
    const at = lineColumn(xml, e.offset);
    if (e.code === "dtd") ctx.error("", "dtd", "XML without DOCTYPE or ENTITY declarations", "a declaration (DTDs and entity expansion are refused)");
    else if (e.code === "too-deep") ctx.error("", "too-deep", `elements nested at most ${ctx.options.maxDepth} deep`, `deeper nesting (over ${ctx.options.maxDepth}) at line ${at.line}, column ${at.column}`);
    else if (e.code === "too-large") ctx.fail(e.path ?? "", "too-large", `${e.message} at line ${at.line}, column ${at.column}; reading stopped there`);
    else ctx.fail("", "syntax", `the body is not well-formed XML at line ${at.line}, column ${at.column}: ${e.message}`);
    return undefined;
  } finally {
    returnCodes(codes);
  }
}

/**
 * Room in the node table for the body being read: an ordinary body's nodes (about one in 16
 * characters) fit the spare table, which is lent again and again and so costs nothing; a body
 * whose estimate is past it gets a table of its own, sized by its count of `<` when the codes
 * were read (`lts`, borrowCodes's ltCount; -1 when not counted): every element has its start tag's `<` and most an end tag's, so half the
 * count is its elements, and a body with more nodes (empty-element tags, text beside elements)
 * grows the table. The estimate stays the most a table starts with. For the bench's grown
 * bodies (an element in every 26 characters) that table is 0.47× the body, against 0.75× by
 * the estimate.
 */
function tableRoom(estimate: number, lts: number): number {
  // Never more than the estimate: a body of `<` alone (refused at its second character) or of
  // comments and processing instructions has many `<` and few nodes.
  return lts >= 0 ? Math.min(estimate, Math.max(64, (lts >> 1) + 16)) : estimate;
}

/** Longest reference looked for: `&` + a name or character reference + `;`. */
const MAX_REFERENCE = 64;
const REFERENCE = /^(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*)$/;

/**
 * Decodes the five XML entities and character references; anything else is an error. One
 * pass with indexOf, so that a flood of bad references stops as soon as the errors reach
 * maxIssues.
 */
export function decodeEntities(raw: string, path: Path, ctx: DecodeContext): string {
  let amp = raw.indexOf("&");
  if (amp < 0) return raw;
  let out = "";
  let k = 0;
  for (; amp >= 0; amp = raw.indexOf("&", k)) {
    out += raw.slice(k, amp);
    // The ';' is looked for within a reference's reach only, so that a flood of '&' stays linear.
    let semi = -1;
    for (let j = amp + 1; j < raw.length && j <= amp + MAX_REFERENCE; j++) {
      if (raw.charCodeAt(j) === 59) {
        semi = j;
        break;
      }
    }
    const ref = semi < 0 ? undefined : raw.slice(amp + 1, semi);
    const wellFormed = ref !== undefined && REFERENCE.test(ref);
    const decoded = wellFormed ? resolveReference(ref) : undefined;
    if (decoded !== undefined) {
      out += decoded;
      k = semi + 1;
      continue;
    }
    if (!wellFormed) {
      ctx.error(path, "entity", "& written as &amp;", "a bare &");
      out += "&";
      k = amp + 1;
    } else {
      const whole = `&${ref!};`;
      if (ref.startsWith("#")) ctx.error(path, "entity", "a character reference to a valid XML character", show(whole));
      else ctx.error(path, "entity", "one of &lt; &gt; &amp; &quot; &apos; or a character reference", show(whole));
      out += whole;
      k = semi + 1;
    }
  }
  return out + raw.slice(k);
}

/** The text of an element: its text runs (entities decoded) and CDATA joined in order. */
export function textOf(el: XmlElement, path: Path, ctx: DecodeContext, doc = documentOf(ctx)): string {
  let out = decodeEntities(doc.raw(el), path, ctx);
  for (let c = doc.firstChild(el); c >= 0; c = doc.nextSibling(c)) {
    if (doc.isElement(c)) continue;
    out += doc.isCdata(c) ? doc.raw(c) : decodeEntities(doc.raw(c), path, ctx);
  }
  return ctx.within(path, "characters of text", out.length, ctx.options.maxTextLength) ? out : "";
}

/** Namespace declarations (xmlns, xmlns:p) say how names are read; they are not data. */
const isNamespaceDeclaration = (name: string) => name === "xmlns" || name.startsWith("xmlns:");

/** Reports attributes: no CI payload uses them, so they are not part of the model. */
export function reportAttributes(el: XmlElement, path: Path, ctx: DecodeContext): void {
  const doc = documentOf(ctx);
  if (!doc.hasAttributes) return;
  for (const [name, value] of doc.attributes(el)) {
    if (isNamespaceDeclaration(name)) continue;
    if (ctx.warningsFull) ctx.notice("", "attribute", "");
    else ctx.notice(pathTo(path, `@${name}`), "attribute", `attribute ${showName(name)}=${show(value)} is not part of the spec and is not kept`);
  }
}

/**
 * One reader, with its document, open elements and decoding context, kept for as long as the
 * module is loaded, holding nothing of any body. V8's optimized code refers weakly to the hidden
 * classes (maps) of the objects it reads, and a map that no object holds dies at a full GC:
 * every function compiled against it is then deoptimized ("weak objects"), and decodes run in
 * slower code until it is optimized again. Every reader is made alike, so while these live the
 * maps of all of them do. Measured on a 1 MB body: with no reader kept, the first decode after
 * two full GCs took 72 ms against 18 ms before them, with over twenty of the reader's and the
 * decoders' functions deoptimized; with these kept, none of the reader's was.
 */
export const KEPT_READER: object = new XmlReader("", new DecodeContext(resolveOptions({})), new XmlDocument("", 16), undefined);
