/**
 * The vendor's node tables: which column is which, and one VendorRow per table row.
 * Layouts found in vendor-docs: `Node Name (Keyword) | Parent Node | Description | Type [| Required ...]`,
 * the same without `Parent Node`, and `Parameter | Description | Type | Required` (moderation pages).
 */
import { plainText, type Table } from "./markdown-blocks.js";

export interface Columns {
  readonly node: number;
  readonly parent: number | undefined;
  readonly description: number | undefined;
  readonly type: number | undefined;
  readonly required: number | undefined;
}

/** A reference in a row's description: "Same as `Request.Operation.Output` in the request". */
export interface RowReference {
  readonly target: string;
  /** true: the page itself ("in the request", "in the response"); false: another API's page. */
  readonly samePage: boolean;
  readonly text: string;
}

export interface VendorRow {
  readonly line: number;
  readonly node: string;
  /** The Parent Node column as written, `undefined` when the table has no such column; "" for "None". */
  readonly parent: string | undefined;
  readonly description: string;
  readonly type: string | undefined;
  readonly required: boolean | undefined;
  readonly reference: RowReference | undefined;
}

const NODE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Which column holds what; undefined when the table is not a node table. */
export function columnsOf(table: Table): Columns | undefined {
  const h = table.header.map((c) => plainText(c).toLowerCase());
  const find = (re: RegExp) => {
    const i = h.findIndex((c) => re.test(c));
    return i < 0 ? undefined : i;
  };
  const node = find(/^(node name|node|parameter|parameter name|field|name|element)\b/);
  const type = find(/^type\b/);
  if (node === undefined || type === undefined) return undefined;
  return { node, parent: find(/parent/), description: find(/^description/), type, required: find(/^required/) };
}

/** The node name of a cell: backticks, links and emphasis removed; undefined when it is not a name. */
export function nodeName(cell: string): string | undefined {
  const s = plainText(cell).replace(/`/g, "").trim();
  return NODE_NAME.test(s) ? s : undefined;
}

const NONE = /^(none|null|n\/a|-|—|无|)$/i;

export function parentPath(cell: string): string {
  const s = plainText(cell).replace(/`/g, "").replace(/\s+/g, "").replace(/\.+$/, "");
  return NONE.test(s) ? "" : s;
}

export function requiredOf(cell: string | undefined): boolean | undefined {
  if (cell === undefined) return undefined;
  const s = plainText(cell).toLowerCase();
  if (/^(yes|是|required|true)/.test(s)) return true;
  if (/^(no|否|optional|false)/.test(s)) return false;
  return undefined;
}

const SAME_AS = /same as (?:the )?`([A-Za-z_][\w.]*)`(?: node)?(?: in ([^.|<]*))?/i;

export function referenceOf(description: string): RowReference | undefined {
  const m = SAME_AS.exec(plainText(description));
  if (!m) return undefined;
  const where = (m[2] ?? "").trim();
  const samePage = where === "" || /^the (request|response)\b/i.test(where);
  return { target: m[1]!, samePage, text: plainText(m[0]) };
}

export interface ReadTable {
  readonly columns: Columns;
  readonly rows: VendorRow[];
  /** Rows whose node cell is not an element name (kept for the report). */
  readonly skipped: ReadonlyArray<{ line: number; cell: string }>;
}

export function readNodeTable(table: Table): ReadTable | undefined {
  const columns = columnsOf(table);
  if (!columns) return undefined;
  const rows: VendorRow[] = [];
  const skipped: { line: number; cell: string }[] = [];
  for (const r of table.rows) {
    const cell = (i: number | undefined) => (i === undefined ? undefined : r.cells[i]);
    const node = nodeName(cell(columns.node) ?? "");
    if (!node) {
      if ((cell(columns.node) ?? "").trim() !== "") skipped.push({ line: r.line, cell: cell(columns.node)! });
      continue;
    }
    const description = plainText(cell(columns.description) ?? "");
    rows.push({
      line: r.line,
      node,
      parent: columns.parent === undefined ? undefined : parentPath(cell(columns.parent) ?? ""),
      description,
      type: columns.type === undefined ? undefined : plainText(cell(columns.type) ?? "") || undefined,
      required: requiredOf(cell(columns.required)),
      reference: referenceOf(cell(columns.description) ?? ""),
    });
  }
  return { columns, rows, skipped };
}
