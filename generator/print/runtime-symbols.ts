import type { ImportSymbol } from "./ts-file.js";

/**
 * Every runtime export that generated code uses. Emitters import through this table, and
 * a test checks that the runtime still exports each name.
 */
const value = (name: string): Omit<ImportSymbol, "from"> => ({ name, typeOnly: false });
const type = (name: string): Omit<ImportSymbol, "from"> => ({ name, typeOnly: true });

export const RUNTIME_SYMBOLS = {
  DecodeContext: type("DecodeContext"),
  XmlElement: type("XmlElement"),
  LeafSpec: type("LeafSpec"),
  PayloadDescriptor: type("PayloadDescriptor"),
  DecodeResult: type("DecodeResult"),
  DecodeOptions: type("DecodeOptions"),
  ValidationResult: type("ValidationResult"),
  takeField: value("takeField"),
  REQUIRED: value("REQUIRED"),
  OPTIONAL: value("OPTIONAL"),
  REQUIRED_LIST: value("REQUIRED_LIST"),
  OPTIONAL_LIST: value("OPTIONAL_LIST"),
  xmlFields: value("xmlFields"),
  xmlLeaf: value("xmlLeaf"),
  keepUnknownXml: value("keepUnknownXml"),
  jsonFields: value("jsonFields"),
  jsonLeaf: value("jsonLeaf"),
  keepUnknownJson: value("keepUnknownJson"),
  modelFields: value("modelFields"),
  modelLeaf: value("modelLeaf"),
  checkField: value("checkField"),
  checkUnknown: value("checkUnknown"),
  decodeBody: value("decodeBody"),
  encodeModel: value("encodeModel"),
  EncodeOptions: type("EncodeOptions"),
  Writer: type("Writer"),
  validateModel: value("validateModel"),
} as const;

export type RuntimeName = keyof typeof RUNTIME_SYMBOLS;

/** The import symbol of a runtime export, as seen from a file at `fromDir` inside src/. */
export function runtime(name: RuntimeName, fromDir: string): ImportSymbol {
  const depth = fromDir === "" ? 0 : fromDir.split("/").length;
  const from = `${depth === 0 ? "./" : "../".repeat(depth)}runtime/index.js`;
  return { ...RUNTIME_SYMBOLS[name], from };
}
