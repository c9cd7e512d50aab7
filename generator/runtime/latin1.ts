/**
 * Buffer.prototype.latin1Slice where a global Buffer has one (node, and runtimes that provide
 * node's Buffer as a global): text made of bytes one byte a character, the quickest way from
 * bytes to text (no decoding to do). For bytes that are all ASCII it is their UTF-8 text;
 * asciiText (xml-scan.ts) and asciiJsonText (json-count.ts) check that first. Undefined
 * elsewhere: the bytes are then decoded as before.
 */
export const latin1Slice = (globalThis as { Buffer?: { prototype?: { latin1Slice?: unknown } } }).Buffer?.prototype?.latin1Slice as ((this: Uint8Array, start: number, end: number) => string) | undefined;
