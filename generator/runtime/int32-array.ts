/** A copy of `a` with room for `length` numbers: its own first, zeros after. The node tables, the readers' stacks and the seen store grow with it. */
export function resized(a: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(length);
  b.set(a);
  return b;
}
