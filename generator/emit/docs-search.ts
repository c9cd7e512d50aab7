import type { DocsNode, DocsPayload } from "./docs-model.js";

/**
 * The site's search index, one script (a plain <script>, not fetched JSON, so it loads from file://
 * as from a server): every kind, every node and every enum value of every kind. A node that several
 * kinds share at one anchor with one type is one entry listing those kinds, so the index stays small.
 *
 *   CI_DOCS_INDEX = { kinds: [[slug, title, name, family]], nodes: [[name, anchor, type, [kind...]]],
 *                     values: [[value, node name, anchor, [kind...]]] }
 */
export function searchIndex(views: readonly DocsPayload[], header: readonly string[]): string {
  const nodes = new Map<string, [string, string, string, number[]]>();
  const values = new Map<string, [string, string, string, number[]]>();
  const add = <T extends [string, string, string, number[]]>(map: Map<string, T>, key: string, entry: T, kind: number) => {
    const known = map.get(key) ?? map.set(key, entry).get(key)!;
    if (known[3].at(-1) !== kind) known[3].push(kind);
  };
  views.forEach((v, kind) => {
    const visit = (n: DocsNode) => {
      add(nodes, `${n.anchor}\u0000${n.shownType}`, [n.name, n.anchor, n.shownType, []], kind);
      for (const value of n.values) add(values, `${value}\u0000${n.anchor}`, [value, n.name, n.anchor, []], kind);
      n.children.forEach(visit);
    };
    // The root is the page itself, found through its kind.
    v.root.children.forEach(visit);
  });
  const index = {
    kinds: views.map((v) => [v.slug, v.title, v.name, v.family.title]),
    nodes: [...nodes.values()],
    values: [...values.values()],
  };
  return `${header.map((l) => `// ${l}`).join("\n")}\nwindow.CI_DOCS_INDEX = ${JSON.stringify(index)};\n`;
}
