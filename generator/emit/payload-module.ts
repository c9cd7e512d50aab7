import { containerDecoder, containerEncoder, containerValidator, payloadApi, payloadDir } from "../model/names.js";
import { describeRules } from "../model/match.js";
import type { PayloadDef } from "../model/types.js";
import { lit } from "../print/escape.js";
import { runtime } from "../print/runtime-symbols.js";
import { TsFile } from "../print/ts-file.js";
import type { EmitInput, GeneratedFile } from "./files.js";
import { specFilesOf } from "./spec-files.js";

/** A payload's public module: its descriptor, decode and validate entry points, and its types. */
function emitPayloadModule(p: PayloadDef): GeneratedFile {
  const dir = payloadDir(p.name);
  const depth = dir.replace(/^src\//, "");
  const api = payloadApi(p.name);
  const f = new TsFile(`${dir}/index.ts`, specFilesOf(p));
  const rt = (n: Parameters<typeof runtime>[0]) => f.use(runtime(n, depth));
  const type = f.use({ name: api.type, from: "./types.js", typeOnly: true });
  const kind = lit(p.name);
  const xml = p.formats.includes("xml") ? f.use({ name: containerDecoder(p.root.typeName, "xml"), from: "./decode-xml.js", typeOnly: false }) : undefined;
  const json = p.formats.includes("json") ? f.use({ name: containerDecoder(p.root.typeName, "json"), from: "./decode-json.js", typeOnly: false }) : undefined;
  const check = f.use({ name: containerValidator(p.root.typeName), from: "./validate.js", typeOnly: false });
  const encode = f.use({ name: containerEncoder(p.root.typeName), from: "./encode.js", typeOnly: false });
  const never = "() => undefined";
  f.addStatements(`export type * from "./types.js";`);
  f.addConst(
    api.descriptor,
    `{ kind: ${kind}, root: ${lit(p.root.name)}, formats: ${lit(p.formats)}, match: ${lit(p.match.map((m) => ({ path: m.path.split("."), ...(m.value !== undefined ? { value: m.value } : { present: m.present }) })))}, xml: ${xml ?? never}, json: ${json ?? never}, check: ${check}, encode: ${encode}, jsonNumbers: ${lit(p.jsonNumbers)} }`,
    { exported: true, type: `${rt("PayloadDescriptor")}<${kind}>`, doc: `How the runtime recognises and decodes ${p.name} (${p.title}).` },
  );
  // One array for every call, so the runtime's plan for it is made once.
  const only = `${api.descriptor}Only`;
  f.addConst(only, `[${api.descriptor}]`, { type: `readonly ${rt("PayloadDescriptor")}<${kind}>[]`, doc: `The descriptors the entry points below decode and encode with: ${p.name} alone.` });
  const result = `${rt("DecodeResult")}<${kind}, ${type}>`;
  const options = rt("DecodeOptions");
  const body = `body: ${rt("CallbackBody")}`;
  f.addStatements(`/**
 * Decodes a ${p.name} callback body (${p.formats.join(" or ")}; detected unless options.format says).
 * Throws CallbackDecodeError listing every error; returns the model and the warnings.
 */
export function ${api.decode}(${body}, options?: ${options}): ${result} {
  return ${rt("decodeBody")}(body, options, ${only}) as ${result};
}`);
  for (const format of p.formats) {
    const name = format === "xml" ? api.decodeXml : api.decodeJson;
    f.addStatements(`/** Decodes a ${p.name} callback body sent as ${format.toUpperCase()}. */
export function ${name}(${body}, options?: Omit<${options}, "format">): ${result} {
  return ${rt("decodeBody")}(body, options, ${only}, ${lit(format)}) as ${result};
}`);
  }
  f.addStatements(`/**
 * Writes a ${p.name} model as a callback body, the way CI sends it (${p.formats.join(" or ")}; ${p.formats[0]} by default).
 * Throws CallbackEncodeError when the model breaks the spec or XML cannot hold its text.
 */
export function ${api.encode}(model: ${type}, options?: ${rt("EncodeOptions")}): string {
  return ${rt("encodeModel")}(model, options, ${only}, ${lit(p.formats[0])});
}`);
  if (p.match.length > 0) {
    f.addStatements(`/**
 * Narrows a decoded payload to ${p.name} by its discriminators (${describeRules(p.match)}).
 * It reads those values only; it does not validate the rest.
 */
export function ${api.guard}(payload: unknown): payload is ${type} {
  return ${rt("matchesModel")}(${api.descriptor}, payload);
}`);
  }
  f.addStatements(`/** Checks a ${p.name} model (e.g. one built by hand) against the spec; never throws for bad data. */
export function ${api.validate}(model: unknown, options?: { strict?: boolean }): ${rt("ValidationResult")} {
  return ${rt("validateModel")}(${api.descriptor}, model, options);
}`);
  return { path: f.path, content: f.toText() };
}

export function emitPayloadModules({ model }: EmitInput): GeneratedFile[] {
  return model.payloads.map(emitPayloadModule);
}
