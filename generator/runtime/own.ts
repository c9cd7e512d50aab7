/**
 * Sets an own, enumerable property, even for names such as `__proto__`: plain
 * assignment would change the object's prototype instead of storing data.
 */
export function setOwn(target: object, key: string, value: unknown): void {
  // Only __proto__ is an accessor on Object.prototype; every other name (constructor and
  // prototype included) becomes an own data property by plain assignment, which keeps the
  // object in V8's fast mode (defineProperty for every key made decoding slow and large).
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else (target as Record<string, unknown>)[key] = value;
}

export function hasOwn(target: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}
