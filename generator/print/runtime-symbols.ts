import type { ImportSymbol } from "./ts-file.js";

/**
 * Every runtime export that generated code uses. Emitters import through this table, and
 * a test checks that the runtime still exports each name.
 */
type RuntimeSymbol = Omit<ImportSymbol, "from"> & { readonly module: "index" | "testing" };
const value = (name: string, module: "index" | "testing" = "index"): RuntimeSymbol => ({ name, typeOnly: false, module });
const type = (name: string, module: "index" | "testing" = "index"): RuntimeSymbol => ({ name, typeOnly: true, module });

export const RUNTIME_SYMBOLS = {
  DecodeContext: type("DecodeContext"),
  Path: type("Path"),
  XmlElement: type("XmlElement"),
  LeafSpec: type("LeafSpec"),
  PayloadDescriptor: type("PayloadDescriptor"),
  DecodeResult: type("DecodeResult"),
  DecodeOptions: type("DecodeOptions"),
  CallbackBody: type("CallbackBody"),
  ValidationResult: type("ValidationResult"),
  takeField: value("takeField"),
  fieldNames: value("fieldNames"),
  modelShape: value("modelShape"),
  setOwn: value("setOwn"),
  finish: value("finish"),
  REQUIRED: value("REQUIRED"),
  OPTIONAL: value("OPTIONAL"),
  REQUIRED_LIST: value("REQUIRED_LIST"),
  OPTIONAL_LIST: value("OPTIONAL_LIST"),
  REQUIRED_NULLABLE: value("REQUIRED_NULLABLE"),
  OPTIONAL_NULLABLE: value("OPTIONAL_NULLABLE"),
  REQUIRED_LIST_NULLABLE: value("REQUIRED_LIST_NULLABLE"),
  OPTIONAL_LIST_NULLABLE: value("OPTIONAL_LIST_NULLABLE"),
  xmlFields: value("xmlFields"),
  xmlLeaf: value("xmlLeaf"),
  quickXmlLeaf: value("quickXmlLeaf"),
  keepUnknownXml: value("keepUnknownXml"),
  jsonFields: value("jsonFields"),
  jsonLeaf: value("jsonLeaf"),
  quickJsonLeaf: value("quickJsonLeaf"),
  emptyJsonLeaf: value("emptyJsonLeaf"),
  isTimestamp: value("isTimestamp"),
  inlineTextMax: value("inlineTextMax"),
  INHERITED: value("INHERITED"),
  jsonNext: value("jsonNext"),
  keepUnknownJson: value("keepUnknownJson"),
  modelFields: value("modelFields"),
  modelLeaf: value("modelLeaf"),
  checkField: value("checkField"),
  checkUnknown: value("checkUnknown"),
  decodeBody: value("decodeBody"),
  encodeModel: value("encodeModel"),
  matchesModel: value("matchesModel"),
  EncodeOptions: type("EncodeOptions"),
  Writer: type("Writer"),
  ArbitraryOptions: type("ArbitraryOptions", "testing"),
  containerArbitrary: value("containerArbitrary", "testing"),
  leafArbitrary: value("leafArbitrary", "testing"),
  validateModel: value("validateModel"),
  PlainValue: type("PlainValue"),
  xmlMap: value("xmlMap"),
  jsonMap: value("jsonMap"),
  modelMap: value("modelMap"),
  xmlPlain: value("xmlPlain"),
  jsonPlain: value("jsonPlain"),
  modelPlain: value("modelPlain"),
  xmlUnion: value("xmlUnion"),
  jsonUnion: value("jsonUnion"),
  modelUnion: value("modelUnion"),
  unionWriter: value("unionWriter"),
  mapArbitrary: value("mapArbitrary", "testing"),
  plainArbitrary: value("plainArbitrary", "testing"),
  unionArbitrary: value("unionArbitrary", "testing"),
} as const;

export type RuntimeName = keyof typeof RUNTIME_SYMBOLS;

/** The import symbol of a runtime export, as seen from a file at `fromDir` inside src/. */
const cache = new Map<string, ImportSymbol>();
export function runtime(name: RuntimeName, fromDir: string): ImportSymbol {
  const key = `${name}\u0000${fromDir}`;
  let found = cache.get(key);
  if (!found) {
    const depth = fromDir === "" ? 0 : fromDir.split("/").length;
    const { module, ...symbol } = RUNTIME_SYMBOLS[name];
    cache.set(key, (found = Object.freeze({ ...symbol, from: `${depth === 0 ? "./" : "../".repeat(depth)}runtime/${module}.js` })));
  }
  return found;
}
