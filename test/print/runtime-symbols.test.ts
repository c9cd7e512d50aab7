import { describe, expect, it } from "vitest";
import * as runtime from "../../generator/runtime/index.js";
import { RUNTIME_SYMBOLS } from "../../generator/print/runtime-symbols.js";

describe("the runtime exports every symbol generated code imports", () => {
  it.each(Object.values(RUNTIME_SYMBOLS).filter((s) => !s.typeOnly).map((s) => s.name))("%s", (name) => {
    expect(runtime).toHaveProperty(name);
  });
});
