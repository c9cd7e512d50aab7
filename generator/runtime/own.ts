/**
 * Sets an own, enumerable property, even for names such as `__proto__`: plain
 * assignment would change the object's prototype instead of storing data.
 */
export function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function hasOwn(target: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}
