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

/** The buffer of `memory`, grown first (by whole 64 KiB pages) to at least `size` bytes; what it holds stays. */
export function grownTo(memory: WebAssembly.Memory, size: number): ArrayBuffer {
  const now = memory.buffer.byteLength;
  if (size > now) memory.grow(Math.ceil((size - now) / 65536));
  return memory.buffer;
}
