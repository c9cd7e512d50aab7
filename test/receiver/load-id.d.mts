export function idOf(payload: unknown): string | undefined;
export function setId(payload: unknown, id: string): void;
