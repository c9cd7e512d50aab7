import Ajv2020 from "ajv/dist/2020.js";
import { XMLParser } from "fast-xml-parser";
import type { ModelNode, PayloadDef } from "../generator/model/types.js";

/**
 * What a user would write instead of the package, for one payload kind: fast-xml-parser
 * (nothing coerced, the spec's lists as arrays), Number() on the integer leaves, and ajv with
 * the package's own JSON Schema. The benchmark's reference pipeline (issue 10).
 */
export interface Generic {
  readonly xml: (body: string) => unknown;
  readonly json: (body: string) => unknown;
}

/**
 * What the generic pipeline needs to know of a payload kind, as plain data: the memory
 * measurement's child processes (bench/memory.ts) build the same pipeline from it without
 * loading the generator's model.
 */
export interface GenericShape {
  /** The root element's name. */
  readonly root: string;
  /** fast-xml-parser's jPath (`Root.A.B`) of every repeated element. */
  readonly lists: readonly string[];
  /** The jPath of every integer leaf. */
  readonly integers: readonly string[];
  /** The package's JSON Schema for the payload (dist/schemas/<slug>.json). */
  readonly schema: object;
}

function walk(nodes: readonly ModelNode[], visit: (n: ModelNode) => void): void {
  for (const n of nodes) {
    visit(n);
    if (n.kind === "container") walk(n.children, visit);
  }
}

export function genericShape(payload: PayloadDef, schema: object): GenericShape {
  const lists: string[] = [];
  const integers: string[] = [];
  walk(payload.root.children, (n) => {
    const at = `${payload.root.name}.${n.path}`;
    if (n.repeated) lists.push(at);
    if (n.kind === "leaf" && n.leaf === "integer") integers.push(at);
  });
  return { root: payload.root.name, lists, integers, schema };
}

export function genericPipeline(shape: GenericShape): Generic {
  const lists = new Set(shape.lists);
  const integers = new Set(shape.integers);
  const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    ignoreDeclaration: true,
    isArray: (_name: string, jPath: unknown) => lists.has(jPath as string),
    tagValueProcessor: (_name: string, value: string, jPath: unknown) => (integers.has(jPath as string) ? Number(value) : value),
    jPath: true,
  } as ConstructorParameters<typeof XMLParser>[0]);
  // XML: the integers are numbers already (Number() above). JSON: job callbacks write numbers as
  // strings, which ajv's coerceTypes turns into numbers in place, as a user would have it do.
  const validators = [false, true].map((coerceTypes) => {
    const ajv = new Ajv2020.default({ allErrors: true, strict: false, coerceTypes });
    const validate = ajv.compile(shape.schema);
    return (model: unknown) => {
      if (!validate(model)) throw new Error(`invalid: ${ajv.errorsText(validate.errors)}`);
      return model;
    };
  });
  return {
    xml: (body) => validators[0]!((parser.parse(body) as Record<string, unknown>)[shape.root]),
    json: (body) => validators[1]!(JSON.parse(body)),
  };
}

/**
 * A model with its empty values left out, for comparing the package's model with the generic
 * pipeline's: in the package's model an empty value (<Message/>, "", null, an empty container)
 * is an absent one; fast-xml-parser and JSON.parse keep it.
 */
export function withoutEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutEmpty);
  if (v && typeof v === "object") {
    const kept = Object.entries(v).map(([k, x]) => [k, withoutEmpty(x)] as const);
    return Object.fromEntries(kept.filter(([, x]) => x !== "" && x !== null && !(x && typeof x === "object" && !Array.isArray(x) && Object.keys(x).length === 0)));
  }
  return v;
}
