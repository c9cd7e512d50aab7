import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import type { ProblemList } from "./problems.js";

/** Where a value came from in a spec file. */
export interface Where {
  file: string;
  line: number;
  /** Line of each key of a mapping, for errors about one field. */
  keyLines: Record<string, number>;
}

const whereOf = new WeakMap<object, Where>();

/** The source position of an object or array read by `readYaml`. */
export function where(value: object): Where {
  const w = whereOf.get(value);
  if (!w) throw new Error("internal: value was not read by readYaml");
  return w;
}

/** Line of one key of a mapping, or of the mapping itself when the key is absent. */
export function lineOf(value: object, key?: string): number {
  const w = where(value);
  return (key !== undefined ? w.keyLines[key] : undefined) ?? w.line;
}

/**
 * Parses one YAML spec file into plain data, remembering the line of every mapping,
 * sequence and key. Syntax errors become spec problems; the result is then undefined.
 */
export function readYaml(text: string, file: string, problems: ProblemList): unknown {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const line = lines.linePos(e.pos[0]).line;
      problems.add(file, line, `YAML syntax error: ${e.message.split("\n")[0]}`, "fix the YAML syntax at this line");
    }
    return undefined;
  }
  const lineAt = (n: Node | null | undefined): number => (n?.range ? lines.linePos(n.range[0]).line : 1);

  // Anchors (&name) and aliases (*name) are supported: an alias reads as a copy of the anchored
  // value, positioned where the anchor is. Merge keys (<<) are refused with a message.
  const resolving = new Set<unknown>();
  const convert = (n: unknown): unknown => {
    if (isAlias(n)) {
      const target = n.resolve(doc);
      if (target === undefined) {
        problems.add(file, lineAt(n as unknown as Node), `alias *${n.source} names no anchor`, `define &${n.source} before it is used`);
        return null;
      }
      if (resolving.has(target)) {
        problems.add(file, lineAt(n as unknown as Node), `alias *${n.source} refers to a value that contains it`, "an alias cannot point into its own anchor");
        return null;
      }
      resolving.add(target);
      const out = convert(target);
      resolving.delete(target);
      return out;
    }
    if (isMap(n)) {
      const out: Record<string, unknown> = {};
      const keyLines: Record<string, number> = {};
      for (const pair of n.items) {
        const keyNode = pair.key as Node | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        if (key === "<<") {
          problems.add(file, lineAt(keyNode), "YAML merge keys (<<) are not supported", "write the fields out, or alias the whole mapping (*name)");
          continue;
        }
        if (Object.prototype.hasOwnProperty.call(keyLines, key)) {
          problems.add(file, lineAt(keyNode), `key "${key}" appears twice in one mapping`, "keep one of them");
        }
        keyLines[key] = lineAt(keyNode);
        Object.defineProperty(out, key, { value: convert(pair.value), enumerable: true, writable: true, configurable: true });
      }
      whereOf.set(out, { file, line: lineAt(n), keyLines });
      return out;
    }
    if (isSeq(n)) {
      const out = n.items.map(convert);
      whereOf.set(out, { file, line: lineAt(n), keyLines: {} });
      return out;
    }
    if (isScalar(n)) return n.value;
    return n ?? null;
  };
  return convert(doc.contents);
}
