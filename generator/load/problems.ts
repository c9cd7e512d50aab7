/** A spec problem: where (file:line), what is wrong, and how to fix it. */
export interface SpecProblem {
  file: string;
  line: number;
  message: string;
  fix: string;
}

export function formatProblem(p: SpecProblem): string {
  return `${p.file}:${p.line}: ${p.message} — ${p.fix}`;
}

/** Thrown when the spec cannot be loaded; carries every problem found, not just the first. */
export class SpecError extends Error {
  readonly problems: readonly SpecProblem[];
  constructor(problems: SpecProblem[]) {
    const sorted = [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    super(`the spec has ${sorted.length} problem(s):\n${sorted.map(formatProblem).join("\n")}`);
    this.name = "SpecError";
    this.problems = sorted;
  }
}

/** Collects problems while a pass runs, so one run reports all of them. */
export class ProblemList {
  readonly items: SpecProblem[] = [];
  add(file: string, line: number, message: string, fix: string): void {
    this.items.push({ file, line, message, fix });
  }
  throwIfAny(): void {
    if (this.items.length > 0) throw new SpecError(this.items);
  }
}
