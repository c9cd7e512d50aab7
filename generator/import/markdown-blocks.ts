/**
 * A vendor page as a flat list of blocks: headings, ```-fenced code, pipe tables and
 * paragraph lines, each with its 1-based line number. Nothing else of Markdown matters here.
 */

export interface Heading {
  readonly kind: "heading";
  readonly line: number;
  readonly level: number;
  readonly text: string;
}
export interface Code {
  readonly kind: "code";
  readonly line: number; // line of the opening fence
  readonly info: string;
  readonly text: string; // the lines between the fences
}
export interface Table {
  readonly kind: "table";
  readonly line: number;
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<{ readonly line: number; readonly cells: readonly string[] }>;
}
export interface Paragraph {
  readonly kind: "text";
  readonly line: number;
  readonly text: string;
}
export type Block = Heading | Code | Table | Paragraph;

/** Splits one pipe-table line into its cells (outer pipes optional, `\|` kept as a pipe). */
export function splitRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith("|")) s = s.slice(1);
  if (s.endsWith("|") && !s.endsWith("\\|")) s = s.slice(0, -1);
  const cells: string[] = [];
  let cur = "";
  let inCode = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "\\" && s[i + 1] === "|") {
      cur += "|";
      i++;
    } else if (c === "`") {
      inCode = !inCode;
      cur += c;
    } else if (c === "|" && !inCode) {
      cells.push(cur.trim());
      cur = "";
    } else cur += c;
  }
  cells.push(cur.trim());
  return cells;
}

const DELIMITER = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

export function readBlocks(markdown: string): Block[] {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^\s*(```+|~~~+)\s*([^`]*)$/.exec(line);
    if (fence) {
      const marker = fence[1]!;
      const body: string[] = [];
      let j = i + 1;
      while (j < lines.length && !lines[j]!.trim().startsWith(marker)) body.push(lines[j++]!);
      blocks.push({ kind: "code", line: i + 1, info: fence[2]!.trim(), text: body.join("\n") });
      i = j;
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      blocks.push({ kind: "heading", line: i + 1, level: heading[1]!.length, text: heading[2]! });
      continue;
    }
    if (line.trim().startsWith("|") && i + 1 < lines.length && DELIMITER.test(lines[i + 1]!)) {
      const header = splitRow(line);
      const rows: { line: number; cells: string[] }[] = [];
      let j = i + 2;
      while (j < lines.length && lines[j]!.trim().startsWith("|")) {
        rows.push({ line: j + 1, cells: splitRow(lines[j]!) });
        j++;
      }
      blocks.push({ kind: "table", line: i + 1, header, rows });
      i = j - 1;
      continue;
    }
    if (line.trim() !== "") blocks.push({ kind: "text", line: i + 1, text: line.trim() });
  }
  return blocks;
}

/** Markdown and HTML of a cell reduced to plain text: links to their text, tags and emphasis dropped. */
export function plainText(s: string): string {
  return s
    .replace(/<br\s*\/?>/gi, " ")
    .replace(/<[^>]+>/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\*\*|__/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}
