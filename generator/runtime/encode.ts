import { DecodeContext } from "./context.js";
import type { PayloadDescriptor } from "./dispatch.js";
import { choose, probeJson } from "./match.js";
import { FORMATS, oneOf, optionsObject, resolveOptions } from "./options.js";
import { CallbackEncodeError, JsonWriter, XmlWriter } from "./writer.js";

export interface EncodeOptions {
  /** Wire format to write; XML (CI's default) when absent. */
  readonly format?: "xml" | "json";
}

/**
 * Writes a model as a callback body, the way CI sends it: XML, or JSON in the payload's
 * style (numbers as strings for job callbacks). The model is validated first; a model that
 * breaks the spec, or that XML cannot hold, throws CallbackEncodeError listing every error.
 * `defaultFormat` is written when options.format is absent. Options of the wrong type throw as
 * decode's do (TypeError; a format that is neither "xml" nor "json", RangeError).
 */
export function encodeModel(model: unknown, options: EncodeOptions | undefined, descriptors: readonly PayloadDescriptor[], defaultFormat: "xml" | "json" = "xml"): string {
  const format = oneOf(optionsObject(options).format, FORMATS, "format") ?? defaultFormat;
  const ctx = new DecodeContext(resolveOptions(undefined));
  let chosen = undefined as PayloadDescriptor | undefined;
  ctx.run(() => {
    chosen = choose(descriptors, undefined, model, ctx);
    if (chosen) chosen.check(model, "", ctx);
  });
  if (!chosen || ctx.errors.length > 0) throw new CallbackEncodeError(ctx.errors);
  if (!chosen.formats.includes(format)) {
    throw new CallbackEncodeError([{ path: "", code: "format", message: `expected a format of ${chosen.kind} (${chosen.formats.join(", ")}), found ${format}` }]);
  }
  if (format === "xml") {
    const w = new XmlWriter(chosen.root);
    chosen.encode(model as object, w);
    if (w.errors.length > 0) throw new CallbackEncodeError(w.errors);
    return w.document();
  }
  const w = new JsonWriter(chosen.jsonNumbers === "string");
  chosen.encode(model as object, w);
  if (w.errors.length > 0) throw new CallbackEncodeError(w.errors);
  return JSON.stringify(w.result, null, 4) + "\n";
}
