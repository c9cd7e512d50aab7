import { describe, expect, it } from "vitest";
import * as index from "../../generator/runtime/index.js";
import * as testing from "../../generator/runtime/testing.js";
import { RUNTIME_SYMBOLS } from "../../generator/print/runtime-symbols.js";

const modules: Record<string, object> = { index, testing };

describe("the runtime exports every symbol generated code imports", () => {
  it.each(Object.values(RUNTIME_SYMBOLS).filter((s) => !s.typeOnly).map((s) => [s.module, s.name]))("%s: %s", (module, name) => {
    expect(modules[module]).toHaveProperty(name);
  });

  it("the decoders' entry point does not pull in the testing support (fast-check)", async () => {
    const { readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const source = readFileSync(join(import.meta.dirname, "../../generator/runtime/index.ts"), "utf8");
    expect(source).not.toContain("testing");
    expect(source).not.toContain("fast-check");
  });
});
