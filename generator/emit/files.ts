import type { Model } from "../model/types.js";

/** One output file, relative to the generated/ folder. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

/** What every emitter receives. Emitters never touch the file system. */
export interface EmitInput {
  readonly model: Model;
  /** The hand-written runtime (generator/runtime), to be copied into the package. */
  readonly runtime: readonly { readonly name: string; readonly text: string }[];
  /** The sample payloads, by path relative to the spec folder. */
  readonly samples: ReadonlyMap<string, string>;
  /** The docs templates (generator/emit/docs-templates/*.hbs), by file name. */
  readonly templates: ReadonlyMap<string, string>;
  /** The license the package is published under (the repository's LICENSE), if any. */
  readonly license: string | undefined;
  /** The spec's CHANGELOG.md, if it has one. */
  readonly changelog: string | undefined;
}

export type Emitter = (input: EmitInput) => GeneratedFile[] | Promise<GeneratedFile[]>;
