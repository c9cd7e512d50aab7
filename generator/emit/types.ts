import { compile } from "json-schema-to-typescript";
import { payloadDir, tableTypesFrom, tableTypesPath } from "../model/names.js";
import { runtime } from "../print/runtime-symbols.js";
import type { ContainerNode, PayloadDef } from "../model/types.js";
import { slashHeader } from "../print/header.js";
import { indentDeclarations } from "../print/ts-file.js";
import type { EmitInput, GeneratedFile } from "./files.js";
import { containerSchema, payloadSchema, tableSchema, TypeRefs } from "./schema.js";
import { specFilesOf } from "./spec-files.js";

// Each container is compiled on its own and without prettier (13 ms a call with it, 1 ms without):
// the whole family has hundreds of containers.
const OPTIONS = {
  bannerComment: "",
  additionalProperties: false,
  strictIndexSignatures: true,
  unknownAny: true,
  format: false,
  declareExternallyReferenced: true,
  enableConstEnums: false,
} as const;

/** The import lines a types module needs: shared types by table, and PlainValue from the runtime. */
function importLines(refs: TypeRefs, fromDir: string): string[] {
  const byTable = new Map<string, string[]>();
  for (const [name, table] of refs.imports) byTable.set(table, [...(byTable.get(table) ?? []), name]);
  const lines = [...byTable.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([table, names]) => `import type { ${names.sort().join(", ")} } from ${JSON.stringify(tableTypesFrom(table, fromDir))};`);
  if (refs.plainValue) lines.push(`import type { PlainValue } from ${JSON.stringify(runtime("PlainValue", fromDir).from)};`);
  return lines;
}

/** Compiles the first schema, then every container it queued (and those queue theirs), into one module. */
async function compileModule(first: Record<string, unknown>, name: string, banner: string, refs: TypeRefs, fromDir: string, payload: PayloadDef | undefined): Promise<string> {
  const parts = [await compile(first as Parameters<typeof compile>[0], name, OPTIONS)];
  for (let i = 0; i < refs.queue.length; i++) {
    const c: ContainerNode = refs.queue[i]!;
    const schema = { ...containerSchema(c, payload, refs), description: c.description };
    parts.push(await compile(schema as Parameters<typeof compile>[0], c.typeName, OPTIONS));
  }
  const head = [banner.trimEnd(), "/* eslint-disable */", ...importLines(refs, fromDir)].join("\n");
  return `${head}\n\n${indentDeclarations(parts.map((p) => p.trim()).join("\n\n")).trim()}\n`;
}

/**
 * TypeScript types, made from JSON Schema by json-schema-to-typescript: one module per shared
 * table (src/tables/), declaring the table's types once, and one per payload declaring only its
 * own containers and referring to the shared ones by name. Every property, containers
 * included, carries its node's description.
 */
export async function emitTypes({ model }: EmitInput): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  for (const t of model.tables) {
    const refs = new TypeRefs(t.name);
    const schema = tableSchema(t.root as ContainerNode, t.description, refs);
    const path = tableTypesPath(t.name);
    const fromDir = path.replace(/^src\//, "").split("/").slice(0, -1).join("/");
    files.push({ path, content: await compileModule(schema, t.root.typeName, slashHeader([t.defined.file]), refs, fromDir, undefined) });
  }
  for (const p of model.payloads) {
    const refs = new TypeRefs(undefined);
    const dir = payloadDir(p.name);
    files.push({ path: `${dir}/types.ts`, content: await compileModule(payloadSchema(p, refs), p.root.typeName, slashHeader(specFilesOf(p)), refs, dir.replace(/^src\//, ""), p) });
  }
  return files;
}
