// The runtime that generated decoders and validators import. Its exports are a contract
// with the emitters (see generator/print/runtime-symbols.ts).
export { DecodeContext } from "./context.js";
export { type DecodeIssue, type IssueCode, type Path, CallbackDecodeError, childPath, formatIssue, isCallbackDecodeError, ISSUE_CODES } from "./issues.js";
export { type DecodeOptions, DEFAULT_LIMITS } from "./options.js";
export { type CallbackBody } from "./input.js";
export { type FieldNames, fieldNames, type FieldSource, type LeafReader, type ModelShape, modelShape, type Presence, type Reader, finish, OPTIONAL, OPTIONAL_LIST, OPTIONAL_LIST_NULLABLE, OPTIONAL_NULLABLE, REQUIRED, REQUIRED_LIST, REQUIRED_LIST_NULLABLE, REQUIRED_NULLABLE, takeField } from "./fields.js";
export { isTimestamp, type LeafKind, type LeafSpec, TIMESTAMP_PATTERN } from "./leaf.js";
export { type XmlElement } from "./xml-document.js";
export { keepUnknownXml, quickXmlLeaf, xmlFields, xmlLeaf } from "./xml-read.js";
export { emptyJsonLeaf, INHERITED, inlineTextMax, jsonFields, jsonLeaf, jsonNext, keepUnknownJson, quickJsonLeaf } from "./json-read.js";
export { setOwn } from "./own.js";
export { type Checker, checkField, checkUnknown, modelFields, modelLeaf } from "./check-read.js";
export { type DecodeResult, type MatchRule, type PayloadDescriptor, type ValidationResult, decodeBody, validateModel } from "./dispatch.js";
export { type EncodeOptions, encodeModel } from "./encode.js";
export { matchesModel } from "./match.js";
export { CallbackEncodeError, isCallbackEncodeError, type Writer, unionWriter } from "./writer.js";
export { jsonMap, jsonPlain, jsonUnion, modelMap, modelPlain, modelUnion, type PlainValue, type UnionSpec, xmlMap, xmlPlain, xmlUnion } from "./plain-read.js";
