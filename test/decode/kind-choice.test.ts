import { describe, expect, it } from "vitest";
import { callbackDescriptors } from "../../generated/src/index.js";
import { DecodeContext } from "../../generated/src/runtime/context.js";
import type { MatchRule, PayloadDescriptor } from "../../generated/src/runtime/dispatch.js";
import { choose, type Probe, probeJson } from "../../generated/src/runtime/match.js";
import { resolveOptions } from "../../generated/src/runtime/options.js";
import { Rng } from "../fuzz/prng.js";

/**
 * decodeCallback's choice of payload kind skips the candidates a key path's text rules out
 * (EventName, then JobsDetail.Tag). That must never change the choice: here `choose` is
 * compared with checking every candidate in order, as the rule of choose states it, on every
 * combination of the values the match rules look at (each value a rule names, another value,
 * a node that is not text, and the node absent), for the XML and the JSON candidates, first
 * with the choice's tree being built and then with it made.
 */

type Verdict = "holds" | "fails" | "unknown";
function verdict(rule: MatchRule, found: Probe): Verdict {
  if (rule.value === undefined) return found.present === rule.present ? "holds" : "fails";
  if (!found.present) return "unknown";
  return found.text === rule.value ? "holds" : "fails";
}

/** Every candidate checked: the one whose rules all hold, else the only one with no rule failed and the most value rules holding. */
function reference(candidates: readonly PayloadDescriptor[], probe: (path: readonly string[]) => Probe): PayloadDescriptor | undefined {
  if (candidates.length === 1) return candidates[0];
  const full = candidates.filter((d) => d.match.length > 0 && d.match.every((m) => verdict(m, probe(m.path)) === "holds"));
  expect(full.length).toBeLessThanOrEqual(1);
  if (full.length === 1) return full[0];
  const partial = candidates
    .filter((d) => d.match.length > 0 && d.match.every((m) => verdict(m, probe(m.path)) !== "fails"))
    .map((d) => ({ d, values: d.match.filter((m) => m.value !== undefined && verdict(m, probe(m.path)) === "holds").length }))
    .filter(({ values }) => values > 0);
  const best = Math.max(0, ...partial.map(({ values }) => values));
  const top = partial.filter(({ values }) => values === best);
  return top.length === 1 ? top[0]!.d : undefined;
}

/** What a body may hold at a path: each value some rule names there, another text, a node that is not text, or nothing. */
function variants(candidates: readonly PayloadDescriptor[], path: string): unknown[] {
  const named = new Set(candidates.flatMap((d) => d.match.filter((m) => m.path.join(".") === path && m.value !== undefined).map((m) => m.value!)));
  return [...named, "Unheard", { Inner: "x" }, undefined];
}

/** Every combination of the variants at the paths the candidates' rules look at, as JSON values. */
function bodies(candidates: readonly PayloadDescriptor[]): Record<string, unknown>[] {
  const paths = [...new Set(candidates.flatMap((d) => d.match.map((m) => m.path.join("."))))];
  let out: Record<string, unknown>[] = [{}];
  for (const path of paths) {
    const next: Record<string, unknown>[] = [];
    for (const body of out) {
      for (const v of variants(candidates, path)) {
        const copy = structuredClone(body);
        const names = path.split(".");
        let at = copy;
        let blocked = false;
        for (const name of names.slice(0, -1)) {
          if (at[name] === undefined) at[name] = {};
          if (typeof at[name] !== "object" || at[name] === null) blocked = true;
          else at = at[name] as Record<string, unknown>;
        }
        if (blocked) continue;
        if (v !== undefined) at[names.at(-1)!] = v;
        next.push(copy);
      }
    }
    out = next;
  }
  return out;
}

describe("the choice of payload kind", () => {
  const lists: [string, readonly PayloadDescriptor[]][] = [
    ["XML", callbackDescriptors.filter((d) => d.formats.includes("xml" as never))],
    ["JSON", callbackDescriptors.filter((d) => d.formats.includes("json" as never))],
  ];
  for (const [format, candidates] of lists) {
    it(`is the same as checking every candidate, for the ${format} candidates`, () => {
      const all = bodies(candidates);
      expect(all.length).toBeGreaterThan(500);
      // A list of its own: its choice's tree is built during the first pass and used in the second;
      // and lists whose trees are built with the bodies in reverse order, and shuffled (a step met
      // first by a text no rule names, then by one a rule names, must still tell them apart).
      const list = [...candidates];
      const rng = new Rng(20_261_130);
      const shuffled = all.map((b) => [rng.int(1 << 30), b] as const).sort((a, b) => a[0] - b[0]).map(([, b]) => b);
      const runs: [PayloadDescriptor[], Record<string, unknown>[]][] = [[list, all], [list, all], [[...candidates], [...all].reverse()], [[...candidates], shuffled]];
      for (const [list, order] of runs) {
        for (const body of order) {
          const ctx = new DecodeContext(resolveOptions(undefined));
          const chosen = choose(list, undefined, body, ctx);
          const expected = reference(candidates, (p) => probeJson(body, p));
          expect(chosen?.kind, JSON.stringify(body)).toBe(expected?.kind);
          expect(ctx.errors.map((e) => e.code)).toEqual(chosen === undefined ? ["unknown-payload"] : []);
        }
      }
    });
  }
});
