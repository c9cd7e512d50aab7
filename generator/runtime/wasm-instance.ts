/**
 * An instance of one of the runtime's WebAssembly modules (its bytes in base64, as the *-wasm.ts
 * modules hold them), with no imports; null where WebAssembly cannot be compiled from bytes (some
 * edge runtimes forbid it): the caller then does without it.
 */
export function wasmExports(base64: string): WebAssembly.Exports | null {
  try {
    const binary = atob(base64);
    const code = new Uint8Array(binary.length);
    for (let k = 0; k < binary.length; k++) code[k] = binary.charCodeAt(k);
    return new WebAssembly.Instance(new WebAssembly.Module(code), {}).exports;
  } catch {
    return null;
  }
}
