import { IndentationText, type StatementStructures, StructureKind, type OptionalKind, type ParameterDeclarationStructure, Project, QuoteKind, type SourceFile, VariableDeclarationKind } from "ts-morph";
import { slashHeader } from "./header.js";
import { ident, jsdoc } from "./escape.js";

/** A name exported by a module, used by generated code. */
export interface ImportSymbol {
  readonly name: string;
  /** Module specifier relative to the generated file, e.g. `../../runtime/index.js`. */
  readonly from: string;
  readonly typeOnly: boolean;
}

const project = new Project({
  useInMemoryFileSystem: true,
  manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Double },
});
let counter = 0;

/**
 * Indents the declarations json-schema-to-typescript writes when its own formatting (prettier,
 * 13 ms a call) is off: two spaces per open brace, and a semicolon after each member.
 */
export function indentDeclarations(text: string): string {
  let depth = 0;
  const out: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "") {
      out.push("");
      continue;
    }
    if (line.startsWith("}")) depth = Math.max(0, depth - 1);
    const comment = line.startsWith("/*") || line.startsWith("*");
    const member = depth > 0 && !comment && !line.endsWith("{") && !line.endsWith(";") && !line.endsWith(",") && !line.startsWith("}");
    const pad = "  ".repeat(depth) + (comment && !line.startsWith("/*") ? " " : "");
    out.push(pad + line + (member ? ";" : line.startsWith("}") && depth > 0 ? ";" : ""));
    if (line.endsWith("{")) depth++;
  }
  return out.join("\n");
}

/**
 * One TypeScript file being emitted. Imports are recorded as symbols by `use`, merged and
 * sorted at the end: emitters never write import lines themselves.
 */
export class TsFile {
  private readonly sf: SourceFile;
  private readonly imports = new Map<string, Map<string, boolean>>();
  /** Statements are gathered and added to the source file in one batch: ts-morph re-reads the file on every insertion. */
  private readonly statements: (string | StatementStructures)[] = [];

  constructor(readonly path: string, private readonly sources: readonly string[]) {
    this.sf = project.createSourceFile(`/f${counter++}.ts`, "", { overwrite: true });
  }

  /** Records the import of `symbol` and returns the name to use in code. */
  use(symbol: ImportSymbol): string {
    const names = this.imports.get(symbol.from) ?? new Map<string, boolean>();
    names.set(symbol.name, (names.get(symbol.name) ?? true) && symbol.typeOnly);
    this.imports.set(symbol.from, names);
    return symbol.name;
  }

  addConst(name: string, initializer: string, opts: { exported?: boolean; doc?: string; type?: string } = {}): void {
    this.statements.push({
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      isExported: opts.exported === true,
      declarations: [{ name: ident(name), initializer, ...(opts.type ? { type: opts.type } : {}) }],
      ...(opts.doc ? { docs: [jsdoc(opts.doc)] } : {}),
    });
  }

  addFunction(fn: { name: string; exported?: boolean; doc?: string; params: OptionalKind<ParameterDeclarationStructure>[]; returns: string; body: string[] }): void {
    this.statements.push({
      kind: StructureKind.Function,
      name: ident(fn.name),
      isExported: fn.exported === true,
      parameters: fn.params,
      returnType: fn.returns,
      statements: fn.body,
      ...(fn.doc ? { docs: [jsdoc(fn.doc)] } : {}),
    });
  }

  addTypeAlias(name: string, type: string, opts: { exported?: boolean; doc?: string } = {}): void {
    this.statements.push({ kind: StructureKind.TypeAlias, name: ident(name), type, isExported: opts.exported === true, ...(opts.doc ? { docs: [jsdoc(opts.doc)] } : {}) });
  }

  /** Statements written verbatim (already built from lit/ident). */
  addStatements(text: string): void {
    this.statements.push(text);
  }

  toText(): string {
    const modules = [...this.imports.keys()].sort();
    const imports = modules.map((from): StatementStructures => {
      const names = [...this.imports.get(from)!.entries()].sort(([a], [b]) => a.localeCompare(b));
      const allTypes = names.every(([, t]) => t);
      return {
        kind: StructureKind.ImportDeclaration,
        moduleSpecifier: from,
        isTypeOnly: allTypes,
        namedImports: names.map(([name, typeOnly]) => ({ name, isTypeOnly: typeOnly && !allTypes })),
      };
    });
    // One print of the whole file: every manipulation of a source file makes ts-morph re-read it.
    this.sf.set({ statements: [...imports, ...this.statements] });
    // ts-morph prints structures indented already; formatText would cost more than the rest together.
    // A blank line after the imports and before every top-level doc comment keeps declarations apart.
    const body = this.sf
      .getFullText()
      .trimStart()
      .replace(/([^\n])\n\/\*\*/g, "$1\n\n/**")
      .replace(/^(?:import .*\n)+/, (imports) => `${imports}\n`)
      .replace(/\n\n\n+/g, "\n\n");
    const text = slashHeader(this.sources) + "/* eslint-disable */\n\n" + body;
    project.removeSourceFile(this.sf);
    return text.endsWith("\n") ? text : text + "\n";
  }
}
