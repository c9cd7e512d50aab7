/** The bench's bodies, as bench/run.ts, bench/ab.ts and the receiver's benches make them from the samples. */

/** The seed's workflow sample grown to about `bytes` by repeating its first CosHeaders element. */
export function grown(seed: string, bytes: number): string {
  const item = /<CosHeaders>[\s\S]*?<\/CosHeaders>/.exec(seed)![0];
  const times = Math.max(0, Math.round((bytes - seed.length) / item.length));
  return seed.replace(item, item.repeat(times + 1));
}

/** The same XML with no white space between tags. */
export const compact = (xml: string) => xml.replace(/>\s+</g, "><").trim();

/**
 * A string as a received body is: read from bytes, so one flat string in memory. Strings built
 * by concatenation (the encoder's output, String.prototype.replace) are ropes that every pipeline
 * reads more slowly (JSON.parse included), and no body off the wire is one.
 */
export const asReceived = (text: string) => new TextDecoder().decode(new TextEncoder().encode(text));

/**
 * Bodies of the seed with job id number `n` in place of its own, of the same length (so every
 * body is the seed's length): callbacks the seen store takes for others, each reaching the
 * handler. The seed is split once; each body is two concatenations (the receiver's bench makes
 * one per request in the load generator).
 */
export function withJobIds(seed: string): (n: number) => string {
  const id = /<JobId>([^<]*)<\/JobId>/.exec(seed)![1]!;
  const [head, tail] = seed.split(id) as [string, string];
  return (n) => head + `c${String(n).padStart(id.length - 1, "0")}` + tail;
}
