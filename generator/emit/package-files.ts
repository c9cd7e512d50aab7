import { describeRules } from "../model/match.js";
import { payloadApi } from "../model/names.js";
import { splitSource } from "../model/types.js";
import { lit } from "../print/escape.js";
import { headerLines, jsonHeaderText, markdownHeader, slashHeader } from "../print/header.js";
import { TsFile } from "../print/ts-file.js";
import type { EmitInput, GeneratedFile } from "./files.js";
import { packageReadme } from "./package-readme.js";

/** The files that make generated/ an npm package: manifest, build config, CLI entry and bin. */
export function emitPackageFiles({ model, license, changelog }: EmitInput): GeneratedFile[] {
  const header = ["spec/package.yaml"];
  const both = (path: string) => ({
    import: { types: `./dist/esm/${path}.d.ts`, default: `./dist/esm/${path}.js` },
    require: { types: `./dist/cjs/${path}.d.ts`, default: `./dist/cjs/${path}.js` },
  });
  const pkg = {
    "//": jsonHeaderText(header),
    name: model.packageName,
    version: model.version,
    description: model.description,
    ...(model.keywords.length > 0 ? { keywords: [...model.keywords] } : {}),
    ...(model.homepage ? { homepage: model.homepage } : {}),
    ...(model.repository ? { repository: { type: "git", url: `git+${model.repository}.git`, ...(model.directory ? { directory: model.directory } : {}) } } : {}),
    license: "MIT",
    type: "module",
    main: "./dist/cjs/index.js",
    module: "./dist/esm/index.js",
    types: "./dist/esm/index.d.ts",
    exports: {
      ".": both("index"),
      "./testing": both("testing"),
      "./schemas/*.json": "./dist/schemas/*.json",
      "./package.json": "./package.json",
    },
    bin: { "ci-callback": "bin/ci-callback.js" },
    // docs/: the reference, offline (docs/site/index.html) and as Markdown, which the README links to.
    files: ["dist", "bin", "docs", "README.md", "LICENSE", "CHANGELOG.md"],
    engines: { node: ">=18" },
    sideEffects: false,
    // Only the ./testing entry (property-test arbitraries) uses fast-check.
    peerDependencies: { "fast-check": "^4.11.0" },
    peerDependenciesMeta: { "fast-check": { optional: true } },
  };
  const compilerOptions = {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    rootDir: "src",
    outDir: "dist/esm",
    declaration: true,
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ["node"],
  };
  const tsconfig = { $comment: jsonHeaderText(header), compilerOptions, include: ["src"] };
  const cli = new TsFile("src/cli.ts", ["generator/emit/package-files.ts"]);
  const main = cli.use({ name: "main", from: "./runtime/cli.js", typeOnly: false });
  const catalogueType = cli.use({ name: "CliCatalogue", from: "./runtime/cli.js", typeOnly: true });
  const decodeCallback = cli.use({ name: "decodeCallback", from: "./index.js", typeOnly: false });
  const kinds = model.payloads.map((p) => {
    const decode = cli.use({ name: payloadApi(p.name).decode, from: "./index.js", typeOnly: false });
    const info = { name: p.name, title: p.title, formats: p.formats, match: describeRules(p.match), source: splitSource(p.source).page };
    return `  { ...${lit(info)}, decode: ${decode} },`;
  });
  cli.addConst("catalogue", `{\n  version: ${lit(model.version)},\n  kinds: [\n${kinds.map((k) => `  ${k}`).join("\n")}\n  ],\n  decodeAny: ${decodeCallback},\n}`, { type: catalogueType, doc: "The package version and every payload kind, for ci-callback --version, kinds and decode --kind." });
  cli.addStatements(`${main}(catalogue);`);
  const bin = `#!/usr/bin/env node
${slashHeader(["generator/emit/package-files.ts"])}// The CLI is compiled to dist/ by the build (npm run generate runs it).
import("../dist/esm/cli.js").catch((error) => {
  if (error && error.code === "ERR_MODULE_NOT_FOUND") {
    process.stderr.write("ci-callback: the package is not built; run npm run generate (or npm run build)\\n");
    process.exitCode = 2;
  } else throw error;
});
`;
  const readme = packageReadme(model);
  return [
    { path: "package.json", content: JSON.stringify(pkg, null, 2) + "\n" },
    { path: "tsconfig.json", content: JSON.stringify(tsconfig, null, 2) + "\n" },
    ...(license ? [{ path: "LICENSE", content: `${headerLines(["LICENSE"]).join(" ")}\n\n${license}` }] : []),
    ...(changelog ? [{ path: "CHANGELOG.md", content: markdownHeader(["spec/CHANGELOG.md"]) + "\n" + changelog }] : []),
    { path: "src/cli.ts", content: cli.toText() },
    { path: "bin/ci-callback.js", content: bin },
    { path: "README.md", content: readme },
  ];
}
