/**
 * What the samples of one payload say about each node path: in which samples it occurs, how
 * often under one parent, its values and how JSON wrote them, and whether it holds children.
 */
import type { Sample, SampleNode } from "./samples.js";

export interface NodeStats {
  readonly path: string;
  /** Indexes (into the payload's samples) of the samples the node occurs in. */
  readonly samples: Set<number>;
  /** Most occurrences under one parent instance (a JSON array counts its length). */
  maxSiblings: number;
  /** Leaf values, as text; empty elements and "" excluded. */
  readonly values: string[];
  readonly jsonKinds: Set<"string" | "number" | "boolean" | "null">;
  /** Some occurrence holds child nodes. */
  hasChildren: boolean;
  /** Some occurrence is an empty container: `{}`, `[]`, or an XML element with no content. */
  emptySeen: boolean;
  /** Some occurrence is a leaf with a non-empty value. */
  valueSeen: boolean;
  /** First sample order of appearance, for a stable row order. */
  readonly order: number;
}

export interface Stats {
  readonly byPath: Map<string, NodeStats>;
  /** For each sample, the paths present in it. */
  readonly present: Set<string>[];
}

export function collectStats(root: string, samples: readonly Sample[]): Stats {
  const byPath = new Map<string, NodeStats>();
  const present: Set<string>[] = [];
  let order = 0;
  const get = (path: string) => {
    let s = byPath.get(path);
    if (!s) {
      s = { path, samples: new Set(), maxSiblings: 0, values: [], jsonKinds: new Set(), hasChildren: false, emptySeen: false, valueSeen: false, order: order++ };
      byPath.set(path, s);
    }
    return s;
  };
  samples.forEach((sample, k) => {
    const here = new Set<string>();
    present.push(here);
    const visit = (nodes: readonly SampleNode[], parent: string) => {
      const counts = new Map<string, number>();
      for (const n of nodes) counts.set(n.name, (counts.get(n.name) ?? 0) + 1);
      for (const n of nodes) {
        const path = `${parent}.${n.name}`;
        const s = get(path);
        s.samples.add(k);
        here.add(path);
        s.maxSiblings = Math.max(s.maxSiblings, counts.get(n.name)!);
        if (n.children !== undefined) {
          if (n.children.length > 0) s.hasChildren = true;
          else s.emptySeen = true;
          visit(n.children, path);
        } else {
          if (n.json) s.jsonKinds.add(n.json);
          if (n.text === "") s.emptySeen = true;
          else {
            s.valueSeen = true;
            s.values.push(n.text);
          }
        }
      }
    };
    if (sample.nodes) visit(sample.nodes, root);
  });
  return { byPath, present };
}
