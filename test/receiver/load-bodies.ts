// Bodies for the receiver's load test: every valid callback sample, each copy given a job id of
// its own (so no two are one job state and the seen store lets each through), in the sample's
// format; and the invalid samples.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeCallback, encodeCallback } from "../../generated/src/index.js";
import { loadModel } from "../../generator/model/load.js";
import { idOf, setId } from "./load-id.mjs";

export interface LoadBody {
  readonly body: string;
  readonly contentType: string;
  /** For a valid body: its kind and job id; undefined for an invalid one. */
  readonly kind?: string;
  readonly id?: string;
}

const typeOf = (format: "xml" | "json") => (format === "xml" ? "application/xml" : "application/json");

export function loadBodies(root: string, valid: number, invalid: number): LoadBody[] {
  const model = loadModel(join(root, "spec"), root);
  const templates: { kind: string; payload: unknown; format: "xml" | "json" }[] = [];
  const broken: { body: string; format: "xml" | "json" }[] = [];
  for (const p of model.payloads.filter((x) => x.match.length > 0)) {
    for (const s of p.samples) {
      const text = readFileSync(join(model.specDir, s.file), "utf8");
      if (s.invalid) broken.push({ body: text, format: s.format });
      else {
        const { kind, payload } = decodeCallback(text);
        if (idOf(payload) !== undefined) templates.push({ kind, payload, format: s.format });
      }
    }
  }
  const out: LoadBody[] = [];
  for (let i = 0; out.length < valid; i++) {
    const t = templates[i % templates.length]!;
    const id = `load-${i}`;
    const payload = structuredClone(t.payload);
    setId(payload, id);
    const body = encodeCallback(payload as never, { format: t.format });
    out.push({ body, contentType: typeOf(t.format), kind: t.kind, id });
  }
  // Invalid bodies spread among the valid ones.
  for (let i = 0; i < invalid; i++) {
    const b = broken[i % broken.length]!;
    out.splice(Math.floor(((i + 0.5) * out.length) / invalid), 0, { body: b.body, contentType: typeOf(b.format) });
  }
  return out;
}

/** How many kinds the valid bodies cover (every callback kind whose samples carry a job id). */
export function kindsCovered(bodies: readonly LoadBody[]): number {
  return new Set(bodies.map((b) => b.kind).filter((k) => k !== undefined)).size;
}
