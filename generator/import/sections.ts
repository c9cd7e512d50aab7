/**
 * The heading and section walker: which nodes each table describes ("`X` has the following
 * sub-nodes", "`data` is as described below"), references that stand in for a table
 * ("Same as `Response.JobsDetail` in the ... API"), sentences that add a node
 * ("`Response.JobsDetail.Input` will also contain a `CosHeaders` node of the container array type"),
 * and the heading each code block sits under.
 */
import { type Block, type Code, plainText } from "./markdown-blocks.js";
import { readNodeTable, type ReadTable, type VendorRow } from "./node-tables.js";

export interface PageTable extends ReadTable {
  readonly line: number;
  /** Names from the lead sentence ("`PornInfo`, `AdsInfo` have the following sub-nodes"); empty for a top-level table. */
  readonly lead: readonly string[];
  /** The headings above the table, outermost first. */
  readonly headings: readonly string[];
}

/** "`JobsDetail` has the following sub-nodes: Same as `Response.JobsDetail` in the ... API." */
export interface LeadReference {
  readonly line: number;
  readonly names: readonly string[];
  readonly target: string;
  readonly text: string;
  readonly headings: readonly string[];
}

/** A node added by a sentence instead of a table row. */
export interface SentenceRow {
  readonly line: number;
  readonly parent: string;
  readonly row: VendorRow;
}

export interface PageCode {
  readonly block: Code;
  readonly headings: readonly string[];
}

export interface PageStructure {
  readonly tables: PageTable[];
  readonly references: LeadReference[];
  readonly sentences: SentenceRow[];
  readonly codes: PageCode[];
}

const LEAD_SUBNODES = /^(.*?)\s*(?:has|have|contains?)\s+the following (?:sub-?nodes|nodes|parameters|fields)/i;
const LEAD_DESCRIBED = /^(.*?)\s*(?:is|are)\s+(?:as )?described (?:below|as follows)/i;
const LEAD_CONTENT = /^(?:the )?(?:content|contents|sub-?nodes|fields) of\s+(`[^`]+`(?:\s*(?:,|and)\s*`[^`]+`)*)\s*:?\s*$/i;
const SAME_AS = /same as (?:the )?`([A-Za-z_][\w.]*)`(?: node)?\s*(?:in ([^.<]*))?/i;
const ALSO_CONTAIN = /`([A-Za-z_][\w.]*)`\s+will also contain an?\s+`([A-Za-z_][\w-]*)`\s+node of the ([\w ]+?) type/i;

function namesIn(s: string): string[] {
  return [...s.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.trim());
}

export function walkSections(blocks: readonly Block[]): PageStructure {
  const tables: PageTable[] = [];
  const references: LeadReference[] = [];
  const sentences: SentenceRow[] = [];
  const codes: PageCode[] = [];
  const stack: { level: number; text: string }[] = [];
  let lead: { names: string[]; line: number } | undefined;
  const headings = () => stack.map((h) => h.text);
  for (const b of blocks) {
    if (b.kind === "heading") {
      while (stack.length > 0 && stack[stack.length - 1]!.level >= b.level) stack.pop();
      stack.push({ level: b.level, text: plainText(b.text) });
      lead = undefined;
    } else if (b.kind === "code") {
      codes.push({ block: b, headings: headings() });
    } else if (b.kind === "text") {
      const text = plainText(b.text.replace(/<\/?a[^>]*>/g, ""));
      const raw = b.text;
      const also = ALSO_CONTAIN.exec(raw);
      if (also) {
        sentences.push({
          line: b.line,
          parent: also[1]!,
          row: { line: b.line, node: also[2]!, parent: also[1]!, description: text, type: also[3]!.replace(/\b\w/g, (c) => c.toUpperCase()), required: false, reference: undefined },
        });
        continue;
      }
      const content = LEAD_CONTENT.exec(raw.trim());
      const subnodes = content ?? LEAD_SUBNODES.exec(text) ?? LEAD_DESCRIBED.exec(text);
      const names = content ? namesIn(content[1]!) : subnodes ? namesIn(raw.slice(0, raw.search(/\s(has|have|contains?|is|are)\s/i) + 1)) : [];
      if (subnodes && names.length > 0) {
        lead = { names, line: b.line };
        // The reference may sit on the same line as the lead.
        const rest = raw.slice(raw.search(/following|described/i));
        const same = SAME_AS.exec(rest);
        if (same) references.push({ line: b.line, names, target: same[1]!, text: plainText(same[0]), headings: headings() });
        continue;
      }
      const same = SAME_AS.exec(raw);
      if (same && lead && lead.line >= b.line - 3) {
        references.push({ line: b.line, names: lead.names, target: same[1]!, text: plainText(same[0]), headings: headings() });
        lead = undefined;
        continue;
      }
      if (/^the nodes are|^the response body|^the following contains/i.test(text)) lead = undefined;
    } else if (b.kind === "table") {
      const read = readNodeTable(b);
      if (read) tables.push({ ...read, line: b.line, lead: lead?.names ?? [], headings: headings() });
      lead = undefined;
    }
  }
  return { tables, references, sentences, codes };
}
