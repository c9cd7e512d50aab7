import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import wabtInit from "wabt";
import { RUNTIME_DIR } from "./inputs.js";

/**
 * The runtime's WebAssembly: each module written as text in generator/runtime/NAME.wat,
 * assembled by wabt into generator/runtime/NAME-wasm.ts (the bytes, base64), which the runtime
 * imports and the runtime emitter copies into the package with the rest. `npm run generate`
 * writes them; `--check` lists one that is not what its .wat assembles to.
 */
export interface WasmModule {
  /** The .wat, and the .ts that holds its bytes. */
  readonly wat: string;
  readonly module: string;
  /** The name of the constant the .ts exports, and what it holds (for its comment). */
  readonly constant: string;
  readonly what: string;
}

export const WASM_MODULES: readonly WasmModule[] = [
  { wat: join(RUNTIME_DIR, "xml-scan.wat"), module: join(RUNTIME_DIR, "xml-scan-wasm.ts"), constant: "XML_SCAN_WASM", what: "The scanner's WebAssembly module (xml-scan.wat), base64." },
  { wat: join(RUNTIME_DIR, "json-count.wat"), module: join(RUNTIME_DIR, "json-count-wasm.ts"), constant: "JSON_COUNT_WASM", what: "The JSON text's counter (json-count.wat), base64." },
  { wat: join(RUNTIME_DIR, "body-digest.wat"), module: join(RUNTIME_DIR, "body-digest-wasm.ts"), constant: "BODY_DIGEST_WASM", what: "The body digest (body-digest.wat), base64." },
];

/** The text of a module's .ts for its .wat as it is now. */
export async function wasmModuleText(m: WasmModule): Promise<string> {
  const wabt = await wabtInit();
  const name = m.wat.slice(m.wat.lastIndexOf("/") + 1);
  const module = wabt.parseWat(name, readFileSync(m.wat, "utf8"));
  try {
    module.validate();
    const { buffer } = module.toBinary({ log: false, write_debug_names: false });
    const base64 = Buffer.from(buffer).toString("base64");
    return [
      `// Made by \`npm run generate\` from ${name} (assembled by wabt): do not edit; edit the .wat.`,
      `/** ${m.what} */`,
      `export const ${m.constant} =\n  "${base64}";`,
      "",
    ].join("\n");
  } finally {
    module.destroy();
  }
}

/** Writes each module's .ts that is stale (or, with `check`, only says so): the modules that were. */
export async function syncWasmModules(check: boolean): Promise<WasmModule[]> {
  const stale: WasmModule[] = [];
  for (const m of WASM_MODULES) {
    const text = await wasmModuleText(m);
    let now: string | undefined;
    try {
      now = readFileSync(m.module, "utf8");
    } catch {
      now = undefined;
    }
    if (now === text) continue;
    stale.push(m);
    if (!check) writeFileSync(m.module, text);
  }
  return stale;
}
