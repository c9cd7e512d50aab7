import Ajv2020 from "ajv/dist/2020.js";
import { XMLParser } from "fast-xml-parser";
import { readFileSync } from "node:fs";
import { join } from "node:path";
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

function walk(nodes: readonly ModelNode[], visit: (n: ModelNode) => void): void {
  for (const n of nodes) {
    visit(n);
    if (n.kind === "container") walk(n.children, visit);
  }
}

export function genericPipeline(payload: PayloadDef, root: string): Generic {
  const lists = new Set<string>();
  const integers = new Set<string>();
  walk(payload.root.children, (n) => {
    const at = `${payload.root.name}.${n.path}`;
    if (n.repeated) lists.add(at);
    if (n.kind === "leaf" && n.leaf === "integer") integers.add(at);
  });
  const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    ignoreDeclaration: true,
    isArray: (_name: string, jPath: unknown) => lists.has(jPath as string),
    tagValueProcessor: (_name: string, value: string, jPath: unknown) => (integers.has(jPath as string) ? Number(value) : value),
    jPath: true,
  } as ConstructorParameters<typeof XMLParser>[0]);
  const schema = JSON.parse(readFileSync(join(root, "generated/dist/schemas", `${payload.slug}.json`), "utf8")) as object;
  // XML: the integers are numbers already (Number() above). JSON: job callbacks write numbers as
  // strings, which ajv's coerceTypes turns into numbers in place, as a user would have it do.
  const validators = [false, true].map((coerceTypes) => {
    const ajv = new Ajv2020.default({ allErrors: true, strict: false, coerceTypes });
    const validate = ajv.compile(schema);
    return (model: unknown) => {
      if (!validate(model)) throw new Error(`invalid: ${ajv.errorsText(validate.errors)}`);
      return model;
    };
  });
  return {
    xml: (body) => validators[0]!((parser.parse(body) as Record<string, unknown>)[payload.root.name]),
    json: (body) => validators[1]!(JSON.parse(body)),
  };
}
