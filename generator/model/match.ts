/**
 * Match rules (how decodeCallback tells payload kinds apart) and the check that no two
 * payloads can both match one body.
 */
import type { ProblemList } from "../load/problems.js";
import type { RawPayload } from "../load/raw.js";
import type { Ctx, MNode } from "./attach.js";
import type { MatchRule, PayloadDef } from "./types.js";

function insideRepeated(node: MNode): boolean {
  for (let n: MNode | undefined = node; n; n = n.parent as MNode | undefined) if (n.repeated) return true;
  return false;
}

/** The payload's rules, each checked against its tree: a value names a single string or enum leaf, presence any single node. */
export function buildMatch(p: RawPayload, ctx: Ctx): MatchRule[] {
  const out: MatchRule[] = [];
  for (const m of p.match) {
    const node = ctx.index.get(`${p.root}.${m.path}`);
    if (m.present !== undefined) {
      // Absence may name a node the payload does not have (another kind's discriminator).
      if (m.present === false && !node) {
        out.push({ path: m.path, value: undefined, present: false });
        continue;
      }
      if (!node || insideRepeated(node)) {
        ctx.problems.add(m.at.file, m.at.line, `match path "${m.path}" of payload ${p.payload} is ${node ? "inside a repeated node" : "not a node of the payload"}`, "name a single node by its model path, e.g. WorkflowExecution");
        continue;
      }
      out.push({ path: m.path, value: undefined, present: m.present });
      continue;
    }
    const fix = "name a single string or enum leaf by its model path, e.g. JobsDetail.Tag";
    if (!node || node.kind !== "leaf") {
      ctx.problems.add(m.at.file, m.at.line, `match path "${m.path}" of payload ${p.payload} is not a leaf of the payload`, fix);
      continue;
    }
    if (insideRepeated(node) || (node.leaf !== "string" && node.leaf !== "enum")) {
      ctx.problems.add(m.at.file, m.at.line, `match path "${m.path}" of payload ${p.payload} is ${insideRepeated(node) ? "inside a repeated node" : `a ${node.leaf} leaf`}`, fix);
      continue;
    }
    if (node.leaf === "enum" && !node.values!.includes(m.value!)) {
      ctx.problems.add(m.at.file, m.at.line, `match value "${m.value}" is not among the values of ${m.path} (${node.values!.join(", ")})`, "add the value to the enum or fix the match");
      continue;
    }
    out.push({ path: m.path, value: m.value, present: undefined });
  }
  return out;
}

const under = (path: string, ancestor: string) => path === ancestor || path.startsWith(ancestor + ".");
/** A rule that requires the node at `path` to exist (a value implies presence). */
const requires = (r: MatchRule) => r.value !== undefined || r.present === true;

/** True when some rule of `a` and some rule of `b` cannot both hold for one body. */
function disjoint(a: readonly MatchRule[], b: readonly MatchRule[]): boolean {
  for (const x of a) {
    for (const y of b) {
      if (x.path === y.path && x.value !== undefined && y.value !== undefined && x.value !== y.value) return true;
      if (x.present === false && requires(y) && under(y.path, x.path)) return true;
      if (y.present === false && requires(x) && under(x.path, y.path)) return true;
    }
  }
  return false;
}

export function describeRules(rules: readonly MatchRule[]): string {
  return rules.map((r) => (r.value !== undefined ? `${r.path}=${r.value}` : `${r.path} ${r.present ? "present" : "absent"}`)).join(", ");
}

/**
 * Two payloads that share a format (and, for XML only, a root element) must differ in a rule
 * that cannot hold for both; otherwise one body could match both and the choice would be arbitrary.
 */
export function checkOverlap(payloads: readonly PayloadDef[], problems: ProblemList): void {
  const withRules = payloads.filter((p) => p.match.length > 0);
  for (let i = 0; i < withRules.length; i++) {
    for (let j = i + 1; j < withRules.length; j++) {
      const [a, b] = [withRules[i]!, withRules[j]!];
      const json = a.formats.includes("json") && b.formats.includes("json");
      const xml = a.formats.includes("xml") && b.formats.includes("xml") && a.root.name === b.root.name;
      if (!json && !xml) continue;
      if (disjoint(a.match, b.match)) continue;
      const [first, second] = a.defined.file < b.defined.file || (a.defined.file === b.defined.file && a.defined.line <= b.defined.line) ? [a, b] : [b, a];
      problems.add(
        second.matchAt.file,
        second.matchAt.line,
        `payloads ${first.name} (${describeRules(first.match)}) and ${second.name} (${describeRules(second.match)}) can both match one ${json ? "JSON" : "XML"} body`,
        `add or change a match rule so that a value or a presence tells them apart (${first.name} is at ${first.defined.file}:${first.defined.line})`,
      );
    }
  }
}
