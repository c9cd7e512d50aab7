import { jsonHeaderText, slashHeader } from "../print/header.js";
import { TsFile } from "../print/ts-file.js";
import type { EmitInput, GeneratedFile } from "./files.js";
import { packageReadme } from "./package-readme.js";

/** The files that make generated/ an npm package: manifest, build config, CLI entry and bin. */
export function emitPackageFiles({ model }: EmitInput): GeneratedFile[] {
  const header = ["spec/package.yaml"];
  const pkg = {
    "//": jsonHeaderText(header),
    name: model.packageName,
    version: model.version,
    description: model.description,
    type: "module",
    main: "./dist/index.js",
    types: "./dist/index.d.ts",
    exports: {
      ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
      "./testing": { types: "./dist/testing.d.ts", default: "./dist/testing.js" },
      "./package.json": "./package.json",
    },
    bin: { "ci-callback": "bin/ci-callback.js" },
    files: ["dist", "bin", "src", "README.md"],
    engines: { node: ">=18" },
    sideEffects: false,
    dependencies: { "fast-xml-parser": "5.12.1" },
    // Only the ./testing entry (property-test arbitraries) uses fast-check.
    peerDependencies: { "fast-check": "^4.11.0" },
    peerDependenciesMeta: { "fast-check": { optional: true } },
  };
  const tsconfig = {
    $comment: jsonHeaderText(header),
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      rootDir: "src",
      outDir: "dist",
      declaration: true,
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      types: ["node"],
    },
    include: ["src"],
  };
  const cli = new TsFile("src/cli.ts", ["generator/emit/package-files.ts"]);
  const runCli = cli.use({ name: "runCli", from: "./runtime/cli.js", typeOnly: false });
  const decodeCallback = cli.use({ name: "decodeCallback", from: "./index.js", typeOnly: false });
  cli.use({ name: "readFileSync", from: "node:fs", typeOnly: false });
  cli.addStatements(`process.exitCode = ${runCli}(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: () => readFileSync(0),
  },
  ${decodeCallback},
);`);
  const bin = `#!/usr/bin/env node
${slashHeader(["generator/emit/package-files.ts"])}// The CLI is compiled to dist/ by the build (npm run generate runs it).
import("../dist/cli.js").catch((error) => {
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
    { path: "src/cli.ts", content: cli.toText() },
    { path: "bin/ci-callback.js", content: bin },
    { path: "README.md", content: readme },
  ];
}
