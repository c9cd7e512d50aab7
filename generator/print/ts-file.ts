import { IndentationText, ts, type OptionalKind, type ParameterDeclarationStructure, Project, QuoteKind, type SourceFile, VariableDeclarationKind } from "ts-morph";
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

/** Formats TypeScript written by another tool (json-schema-to-typescript) the way TsFile does: two-space indents, semicolons. */
export function formatTs(text: string): string {
  const sf = project.createSourceFile(`/f${counter++}.ts`, text, { overwrite: true });
  sf.formatText({ indentSize: 2, convertTabsToSpaces: true, semicolons: ts.SemicolonPreference.Insert });
  const out = sf.getFullText();
  project.removeSourceFile(sf);
  return out;
}

/**
 * One TypeScript file being emitted. Imports are recorded as symbols by `use`, merged and
 * sorted at the end: emitters never write import lines themselves.
 */
export class TsFile {
  private readonly sf: SourceFile;
  private readonly imports = new Map<string, Map<string, boolean>>();

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
    this.sf.addVariableStatement({
      declarationKind: VariableDeclarationKind.Const,
      isExported: opts.exported === true,
      declarations: [{ name: ident(name), initializer, ...(opts.type ? { type: opts.type } : {}) }],
      ...(opts.doc ? { docs: [jsdoc(opts.doc)] } : {}),
    });
  }

  addFunction(fn: { name: string; exported?: boolean; doc?: string; params: OptionalKind<ParameterDeclarationStructure>[]; returns: string; body: string[] }): void {
    this.sf.addFunction({
      name: ident(fn.name),
      isExported: fn.exported === true,
      parameters: fn.params,
      returnType: fn.returns,
      statements: fn.body,
      ...(fn.doc ? { docs: [jsdoc(fn.doc)] } : {}),
    });
  }

  addTypeAlias(name: string, type: string, opts: { exported?: boolean; doc?: string } = {}): void {
    this.sf.addTypeAlias({ name: ident(name), type, isExported: opts.exported === true, ...(opts.doc ? { docs: [jsdoc(opts.doc)] } : {}) });
  }

  /** Statements written verbatim (already built from lit/ident). */
  addStatements(text: string): void {
    this.sf.addStatements(text);
  }

  toText(): string {
    const modules = [...this.imports.keys()].sort();
    this.sf.insertImportDeclarations(
      0,
      modules.map((from) => {
        const names = [...this.imports.get(from)!.entries()].sort(([a], [b]) => a.localeCompare(b));
        const allTypes = names.every(([, t]) => t);
        return {
          moduleSpecifier: from,
          isTypeOnly: allTypes,
          namedImports: names.map(([name, typeOnly]) => ({ name, isTypeOnly: typeOnly && !allTypes })),
        };
      }),
    );
    this.sf.formatText({ indentSize: 2, convertTabsToSpaces: true });
    // A blank line before every top-level doc comment keeps declarations apart.
    const body = this.sf.getFullText().trimStart().replace(/([^\n])\n\/\*\*/g, "$1\n\n/**");
    const text = slashHeader(this.sources) + "/* eslint-disable */\n\n" + body;
    project.removeSourceFile(this.sf);
    return text.endsWith("\n") ? text : text + "\n";
  }
}
