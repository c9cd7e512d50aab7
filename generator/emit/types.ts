import { compile } from "json-schema-to-typescript";
import { payloadDir } from "../model/names.js";
import { slashHeader } from "../print/header.js";
import type { EmitInput, GeneratedFile } from "./files.js";
import { payloadSchema } from "./schema.js";
import { specFilesOf } from "./spec-files.js";

/** TypeScript types of each payload's model, made from its JSON Schema by json-schema-to-typescript. */
export async function emitTypes({ model }: EmitInput): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  for (const p of model.payloads) {
    // json-schema-to-typescript mutates its input, so each call gets a fresh schema.
    const schema = payloadSchema(p, true) as Parameters<typeof compile>[0];
    const ts = await compile(schema, p.root.typeName, {
      bannerComment: slashHeader(specFilesOf(p)).trimEnd() + "\n/* eslint-disable */",
      additionalProperties: false,
      strictIndexSignatures: true,
      unknownAny: true,
      format: true,
      style: { singleQuote: false, semi: true, printWidth: 100, trailingComma: "all" },
      declareExternallyReferenced: true,
      enableConstEnums: false,
    });
    files.push({ path: `${payloadDir(p.name)}/types.ts`, content: ts.endsWith("\n") ? ts : ts + "\n" });
  }
  return files;
}
