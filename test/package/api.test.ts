import { join } from "node:path";
import { Node, Project } from "ts-morph";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

/**
 * The public API surface: every name the package exports (its entry and ./testing), with its
 * declared type, as the built declaration files say. Recorded in public-api.txt; a change to the
 * surface fails here until `npm run test:update` records it, so it always shows in review.
 */
function surface(entry: string): string {
  const project = new Project({ compilerOptions: { strict: true }, skipAddingFilesFromTsConfig: true });
  const file = project.addSourceFileAtPath(join(ROOT, "generated/dist/esm", entry));
  project.resolveSourceFileDependencies();
  const lines: string[] = [];
  for (const [name, decls] of [...file.getExportedDeclarations()].sort(([a], [b]) => a.localeCompare(b))) {
    for (const d of decls) {
      let text: string;
      if (Node.isFunctionDeclaration(d)) text = `function ${name}(${d.getParameters().map((p) => p.getText()).join(", ")}): ${d.getReturnTypeNode()?.getText() ?? d.getReturnType().getText(d)}`;
      else if (Node.isVariableDeclaration(d)) text = `const ${name}: ${d.getTypeNode()?.getText() ?? d.getType().getText(d)}`;
      else if (Node.isClassDeclaration(d)) text = `class ${name} { ${d.getMembers().filter((m) => !m.getText().startsWith("private")).map((m) => m.getText().replace(/\s+/g, " ")).join(" ")} }`;
      else text = d.getText().replace(/\/\*\*[\s\S]*?\*\//g, "").replace(/\s+/g, " ").trim();
      lines.push(text.replace(/\s+/g, " "));
    }
  }
  return lines.join("\n") + "\n";
}

describe("the public API surface", () => {
  it("of the package entry is the recorded one", async () => {
    await expect(surface("index.d.ts")).toMatchFileSnapshot("public-api.txt");
  });
  it("of ./testing is the recorded one", async () => {
    await expect(surface("testing.d.ts")).toMatchFileSnapshot("public-api-testing.txt");
  });
});
