import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import wabtInit from "wabt";
import { RUNTIME_DIR } from "./inputs.js";

/**
 * The scanner's WebAssembly: written as text in generator/runtime/xml-scan.wat, assembled by
 * wabt into generator/runtime/xml-scan-wasm.ts (the bytes, base64), which the runtime imports
 * and the runtime emitter copies into the package with the rest. `npm run generate` writes it;
 * `--check` lists it when it is not what the .wat assembles to.
 */
export const SCANNER_WAT = join(RUNTIME_DIR, "xml-scan.wat");
export const SCANNER_MODULE = join(RUNTIME_DIR, "xml-scan-wasm.ts");

/** The text of xml-scan-wasm.ts for the .wat as it is now. */
export async function scannerModuleText(): Promise<string> {
  const wabt = await wabtInit();
  const module = wabt.parseWat("xml-scan.wat", readFileSync(SCANNER_WAT, "utf8"));
  try {
    module.validate();
    const { buffer } = module.toBinary({ log: false, write_debug_names: false });
    const base64 = Buffer.from(buffer).toString("base64");
    return [
      "// Made by `npm run generate` from xml-scan.wat (assembled by wabt): do not edit; edit the .wat.",
      "/** The scanner's WebAssembly module (xml-scan.wat), base64. */",
      `export const XML_SCAN_WASM =\n  "${base64}";`,
      "",
    ].join("\n");
  } finally {
    module.destroy();
  }
}

/** Writes xml-scan-wasm.ts when it is stale (or, with `check`, only says so): true when it was. */
export async function syncScannerModule(check: boolean): Promise<boolean> {
  const text = await scannerModuleText();
  let now: string | undefined;
  try {
    now = readFileSync(SCANNER_MODULE, "utf8");
  } catch {
    now = undefined;
  }
  if (now === text) return false;
  if (!check) writeFileSync(SCANNER_MODULE, text);
  return true;
}
