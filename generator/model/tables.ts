/**
 * Shared tables before they are instantiated: each table's effective rows (those of the table it
 * extends first), and the check that every table is used by some payload.
 */
import type { ProblemList } from "../load/problems.js";
import type { RawTable } from "../load/raw.js";
import type { EffectiveTable } from "./attach.js";

/** Tables by name, `extends` resolved, in an order where a base comes before the tables extending it. */
export function effectiveTables(list: readonly RawTable[], problems: ProblemList): Map<string, EffectiveTable> {
  const raw = new Map<string, RawTable>();
  for (const t of list) {
    const first = raw.get(t.table);
    if (first) problems.add(t.at.file, t.at.line, `table "${t.table}" is defined twice (first at ${first.at.file}:${first.at.line})`, "rename one of them");
    else raw.set(t.table, t);
  }
  const out = new Map<string, EffectiveTable>();
  const resolve = (t: RawTable, stack: string[]): EffectiveTable | undefined => {
    const done = out.get(t.table);
    if (done) return done;
    let eff: EffectiveTable = { table: t, rows: t.rows, overrides: t.overrides };
    // A table whose base cannot be resolved keeps its own rows, so its uses report nothing more.
    const own = () => (out.set(t.table, eff), undefined);
    if (t.extends !== undefined) {
      const line = t.at.keyLines["extends"] ?? t.at.line;
      const base = raw.get(t.extends);
      if (!base) {
        problems.add(t.at.file, line, `table "${t.table}" extends the unknown table "${t.extends}"`, `define it under tables: or use one of: ${[...raw.keys()].join(", ")}`);
        return own();
      }
      if (stack.includes(base.table)) {
        problems.add(t.at.file, line, `tables extend each other in a cycle: ${[...stack, base.table].join(" → ")}`, "a table cannot extend itself");
        return own();
      }
      if (base.root !== t.root) {
        problems.add(t.at.file, t.at.keyLines["root"] ?? t.at.line, `table "${t.table}" has the root "${t.root}" but extends "${base.table}", whose root is "${base.root}"`, `use root: ${base.root}`);
        return own();
      }
      const b = resolve(base, [...stack, base.table]);
      if (!b) return own();
      eff = { table: t, rows: [...b.rows, ...t.rows], overrides: [...b.overrides, ...t.overrides] };
    }
    out.set(t.table, eff);
    return eff;
  };
  for (const t of raw.values()) resolve(t, [t.table]);
  return out;
}

/** Reports every table that no payload instantiates, directly, through another table, a union, or as a base. */
export function checkUnused(tables: Map<string, EffectiveTable>, used: ReadonlySet<string>, problems: ProblemList): void {
  const all = new Set(used);
  for (const name of used) {
    let t = tables.get(name)?.table;
    while (t?.extends !== undefined) {
      all.add(t.extends);
      t = tables.get(t.extends)?.table;
    }
  }
  for (const { table: t } of tables.values()) {
    if (!all.has(t.table)) {
      problems.add(t.at.file, t.at.line, `table "${t.table}" is used by no payload`, `use it (type: table, table: ${t.table}), extend it, or remove it`);
    }
  }
}
