/**
 * Names of the functions one generated file declares per container: one per base name (a shared
 * table's type used twice gets one function), numbered `$2`, `$3`... when two containers of one
 * name need different bodies (a match rule inside one instance of a shared table).
 */
export class FunctionNames<K> {
  private readonly byKey = new Map<K, string>();
  private readonly bodies = new Map<string, string>();

  /** The name for `key` with this body, and whether its function must still be emitted. */
  claim(key: K, base: string, body: string): { name: string; emit: boolean } {
    for (let i = 1; ; i++) {
      const name = i === 1 ? base : `${base}$${i}`;
      const seen = this.bodies.get(name);
      if (seen === undefined) this.bodies.set(name, body);
      else if (seen !== body) continue;
      this.byKey.set(key, name);
      return { name, emit: seen === undefined };
    }
  }

  /** The name claimed for `key`. */
  get(key: K): string {
    const name = this.byKey.get(key);
    if (name === undefined) throw new Error("internal: a function is used before it is named");
    return name;
  }
}
