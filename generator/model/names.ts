/**
 * The one place where spec names become TypeScript identifiers and file paths.
 * Every emitter asks here; none builds a name by itself.
 */

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `JobsDetail` → `JobsDetail`, `event_name` → `EventName`, `x-cos-meta` → `XCosMeta`. */
export function pascal(name: string): string {
  return name
    .split(/[_\-\s]+/)
    .filter((s) => s !== "")
    .map((s) => s[0]!.toUpperCase() + s.slice(1))
    .join("");
}

/** `PicProcessCallback` → `pic-process-callback`. */
export function slug(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .replace(/[_\s]+/g, "-")
    .toLowerCase();
}

/** TypeScript type of the container at `path` in payload `payload` ("" is the root). */
export function typeName(payload: string, path: string): string {
  const name = pascal(payload) + (path === "" ? "" : path.split(".").map(pascal).join(""));
  if (!IDENT.test(name)) throw new Error(`internal: "${name}" is not an identifier`);
  return name;
}

/** Internal decoder function of one container for one wire format. */
export function containerDecoder(type: string, format: "xml" | "json"): string {
  return `decode${type}${format === "xml" ? "Xml" : "Json"}Node`;
}

/** Internal encoder function of one container (format-neutral). */
export function containerEncoder(type: string): string {
  return `encode${type}Node`;
}

/** Internal validator function of one container. */
export function containerValidator(type: string): string {
  return `check${type}`;
}

/** Public entry points of one payload. */
export function payloadApi(payload: string) {
  const p = pascal(payload);
  return {
    type: p,
    decode: `decode${p}`,
    decodeXml: `decode${p}Xml`,
    decodeJson: `decode${p}Json`,
    validate: `validate${p}`,
    encode: `encode${p}`,
    guard: `is${p}`,
    arbitrary: `${p[0]!.toLowerCase()}${p.slice(1)}Arbitrary`,
    descriptor: `${p[0]!.toLowerCase()}${p.slice(1)}Descriptor`,
  } as const;
}

/** Module-level constant holding the leaf reader of one leaf node. */
export function leafConst(type: string, leafName: string): string {
  return `${type}${pascal(leafName)}Leaf`;
}

/** Module of a shared table's TypeScript types inside the generated package. */
export function tableTypesPath(table: string): string {
  return `src/tables/${slug(table)}.ts`;
}

/** Import specifier of a shared table's types module, from a file in `fromDir` (a folder inside src/). */
export function tableTypesFrom(table: string, fromDir: string): string {
  const target = tableTypesPath(table).replace(/^src\//, "").replace(/\.ts$/, ".js");
  if (fromDir === "tables") return `./${target.slice("tables/".length)}`;
  return (fromDir === "" ? "./" : "../".repeat(fromDir.split("/").length)) + target;
}

/** Folder of a payload's files inside the generated package. */
export function payloadDir(payload: string): string {
  return `src/payloads/${slug(payload)}`;
}
