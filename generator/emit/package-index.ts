import { payloadApi, payloadDir, tableTypesPath } from "../model/names.js";
import { TsFile } from "../print/ts-file.js";
import type { EmitInput, GeneratedFile } from "./files.js";

/** src/index.ts: every payload's module, the union of payloads, and decodeCallback over all of them. */
export function emitPackageIndex({ model }: EmitInput): GeneratedFile[] {
  const f = new TsFile("src/index.ts", ["spec/"]);
  const rt = (name: string, typeOnly: boolean) => f.use({ name, from: "./runtime/index.js", typeOnly });
  const apis = model.payloads.map((p) => ({ p, api: payloadApi(p.name), from: `./${payloadDir(p.name).replace(/^src\//, "")}/index.js` }));
  // Only payloads with match rules can be recognised; the others (e.g. API responses) have their own decoders.
  const matchable = apis.filter(({ p }) => p.match.length > 0);
  for (const { from } of apis) f.addStatements(`export * from ${JSON.stringify(from)};`);
  // The shared tables' types: one type per table, used by every payload that carries it.
  for (const t of model.tables) f.addStatements(`export type * from ${JSON.stringify(`./${tableTypesPath(t.name).replace(/^src\//, "").replace(/\.ts$/, ".js")}`)};`);
  f.addStatements(
    `export { CallbackDecodeError, CallbackEncodeError, DEFAULT_LIMITS, formatIssue, isCallbackDecodeError, isCallbackEncodeError, ISSUE_CODES, type CallbackBody, type DecodeIssue, type DecodeOptions, type DecodeResult, type EncodeOptions, type IssueCode, type ValidationResult } from "./runtime/index.js";`,
  );
  for (const { api, from } of matchable) {
    f.use({ name: api.type, from, typeOnly: true });
    f.use({ name: api.descriptor, from, typeOnly: false });
  }
  f.addStatements(`/** The model type of each payload kind that decodeCallback recognises, by kind. */
export interface CallbackPayloads {
${matchable.map(({ p, api }) => `  ${JSON.stringify(p.name)}: ${api.type};`).join("\n")}
}`);
  f.addTypeAlias("CallbackKind", "keyof CallbackPayloads", { exported: true, doc: "The name of a payload kind." });
  f.addTypeAlias("CallbackPayload", "CallbackPayloads[CallbackKind]", { exported: true, doc: "Any decoded callback model; narrow it with the result's kind, or on EventName and JobsDetail.Tag." });
  f.addTypeAlias("CallbackResult", `{ [K in CallbackKind]: ${rt("DecodeResult", true)}<K, CallbackPayloads[K]> }[CallbackKind]`, {
    exported: true,
    doc: "What decodeCallback returns: a union discriminated by kind.",
  });
  f.addConst("callbackDescriptors", `[${matchable.map(({ api }) => api.descriptor).join(", ")}] as const`, { exported: true, doc: "Every payload kind decodeCallback recognises, in the order it tries them." });
  f.addStatements(`/**
 * Decodes any callback body the package knows: detects XML or JSON (unless options.format
 * says), recognises the payload kind and decodes it. Throws CallbackDecodeError listing every
 * error; lenient mode (the default) keeps unknown fields and enum values and reports them in warnings.
 */
export function decodeCallback(body: ${rt("CallbackBody", true)}, options?: ${rt("DecodeOptions", true)}): CallbackResult {
  return ${rt("decodeBody", false)}(body, options, callbackDescriptors) as CallbackResult;
}`);
  f.addStatements(`/**
 * Writes any model decodeCallback returns as a callback body (XML by default, or JSON in the
 * payload's style), e.g. to test an endpoint. The payload kind is recognised from the model;
 * a model that breaks the spec throws CallbackEncodeError.
 */
export function encodeCallback(model: CallbackPayload, options?: ${rt("EncodeOptions", true)}): string {
  return ${rt("encodeModel", false)}(model, options, callbackDescriptors);
}`);
  // The callback receiver (generator/runtime/receiver*.ts): typed dispatch over HTTP, for callback kinds only.
  const receiverRt = (name: string, typeOnly: boolean) => f.use({ name, from: "./runtime/receiver.js", typeOnly });
  f.addStatements(`export { bodyDigest, bodySeenKey, memorySeenStore, seenKey, type SeenStore } from "./runtime/seen.js";`);
  f.addStatements(`export type { AnyReceivedCallback, CallbackHandler, CallbackHeaders, KindHandler, KindHandlers, ReceivedCallback, ReceiverOptions, RefusalReason, RefusedCallback } from "./runtime/receiver.js";`);
  f.addStatements(`export type { NodeMiddleware, NodeRequest, NodeResponse } from "./runtime/receiver-node.js";`);
  f.addStatements(`export type { FastifyInstanceLike, FastifyPlugin, FastifyReceiverOptions } from "./runtime/receiver-fastify.js";`);
  f.addTypeAlias("CallbackHandlerOptions", `${receiverRt("ReceiverOptions", true)}<CallbackPayloads>`, { exported: true, doc: "The options of createCallbackHandler: handlers by kind, hooks, limits and the seen store." });
  f.addStatements(`/** A decoded callback as a handler receives it (kind, payload, headers, warnings, raw body, seen key); CallbackEvent<"PicProcessCallback"> for one kind. */
export type CallbackEvent<K extends CallbackKind = CallbackKind> = { [X in K]: ${receiverRt("ReceivedCallback", true)}<X, CallbackPayloads[X]> }[K];`);
  f.addStatements(`/**
 * A receiver of CI's callback POSTs: reads the body (up to maxBodyBytes), picks XML or JSON by
 * Content-Type, decodes, and calls the handler of the callback's kind with its typed model and
 * the request's headers; 200 only once the handler's promise resolved. Returns adapters for
 * node:http / Express / Connect (node), fetch runtimes (fetch) and Fastify (fastify).
 */
export function createCallbackHandler(options: CallbackHandlerOptions = {}): ${receiverRt("CallbackHandler", true)} {
  return ${receiverRt("createReceiver", false)}(options, decodeCallback);
}`);
  return [{ path: f.path, content: f.toText() }];
}
