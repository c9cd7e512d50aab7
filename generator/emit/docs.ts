import { markdownText } from "../print/escape.js";
import Handlebars from "handlebars";
import { describeRules } from "../model/match.js";
import { payloadApi } from "../model/names.js";
import type { Model, PayloadDef } from "../model/types.js";
import { markdownHeader, headerLines } from "../print/header.js";
import { ISSUE_CODES } from "../runtime/issues.js";
import { byFamily, docsPayload, familyOf, linkedPages, sourceResolver } from "./docs-model.js";
import { searchIndex } from "./docs-search.js";
import type { EmitInput, GeneratedFile } from "./files.js";

/**
 * The reference docs, from one view of the model rendered twice: Markdown under docs/ (for a
 * code host) and a static site under docs/site/ (offline, file:// safe: no remote anything).
 * Spec text is escaped by default: handlebars HTML-escapes `{{x}}`; Markdown templates are
 * compiled without it and pass every text through the `md` or `mdcode` helper.
 */
const RULES = [
  ["The model", "is the content of the root element (<Response>), wire names kept: the shape of the vendor's JSON samples."],
  ["Types come from the spec, never the parser", "integer leaves become numbers; every other leaf keeps its exact text, so 0xc64847 stays \"0xc64847\" and a header value 0001024 stays a string."],
  ["Lists", "a repeated node is always a list, even with one element; a JSON value where a list is due is a list of one."],
  ["Single nodes", "a node that is single in the model also accepts a one-element JSON array; two copies are an error (duplicate)."],
  ["Empty is absent", "an empty element of an optional node (<Message/>), an empty JSON string or object, and an empty list all mean absent, so the XML and JSON forms of one callback decode to the same model."],
  ["Text", "CDATA and the five XML entities and character references decode to their text; nothing is trimmed."],
  ["JSON numbers", "job callbacks send numbers as strings (\"417\"); integer leaves accept both \"417\" and 417."],
  ["Every error at once", "a body that breaks the spec yields all of its errors, each with the model path, what was expected and what was found."],
] as const;
const MODES =
  "Lenient mode (the default) keeps what the spec does not know and reports it in warnings, each with its path: unknown elements and keys (kept under their own name), enum values outside the documented ones (kept). Attributes and text beside child elements are reported and not kept. strict: true turns each of those warnings into an error. Discriminating nodes (EventName, JobsDetail.Tag) are exact in both modes.";

function handlebars(templates: ReadonlyMap<string, string>) {
  const hb = Handlebars.create();
  hb.registerHelper("md", markdownText);
  hb.registerHelper("mdcode", (text: unknown) => `<code>${hb.escapeExpression(String(text ?? "")).replace(/\|/g, "&#124;")}</code>`);
  hb.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  hb.registerHelper("ternary", (c: unknown, a: unknown, b: unknown) => (c ? a : b));
  hb.registerHelper("indent", (depth: unknown) => `${String(depth ?? "")}  `);
  hb.registerHelper("fence", (body: unknown, lang: unknown) => {
    const text = String(body);
    const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = "`".repeat(longest + 1);
    return `${fence}${String(lang).toLowerCase()}\n${text}\n${fence}`;
  });
  const get = (name: string) => {
    const t = templates.get(name);
    if (t === undefined) throw new Error(`internal: docs template ${name} is missing`);
    return t;
  };
  // A partial's own final newline would add a blank line wherever it is used.
  for (const partial of ["layout.html", "htmlNode", "mdNode", "source", "mdSource"]) hb.registerPartial(partial.replace(".html", ""), get(`${partial}.hbs`).replace(/\n$/, ""));
  // Each template is compiled once, however many pages use it.
  const compiled = new Map<string, HandlebarsTemplateDelegate>();
  const once = (key: string, make: () => HandlebarsTemplateDelegate) => compiled.get(key) ?? compiled.set(key, make()).get(key)!;
  return {
    md: (name: string) => once(`${name}.md`, () => hb.compile(get(`${name}.md.hbs`), { noEscape: true, strict: true })),
    html: (name: string) => once(`${name}.html`, () => hb.compile(get(`${name}.html.hbs`), { strict: true })),
    raw: (name: string) => once(name, () => hb.compile(get(name), { noEscape: true })),
  };
}

function common(model: Model) {
  return { packageName: model.packageName, version: model.version, description: model.description };
}

/** The index: kinds grouped by family, in FAMILY_ORDER, each with what recognises it. */
function families(model: Model) {
  const kind = (p: PayloadDef) => ({ family: familyOf(p), slug: p.slug, title: p.title, name: p.name, match: describeRules(p.match), decode: payloadApi(p.name).decode, formats: p.formats.map((f) => f.toUpperCase()).join(", ") });
  return byFamily(model.payloads).map(({ family, payloads }) => ({ ...family, kinds: payloads.map(kind) }));
}

export function emitDocs({ model, samples, templates }: EmitInput): GeneratedFile[] {
  const t = handlebars(templates);
  const base = common(model);
  const sources = ["spec/", "generator/emit/docs-templates/"];
  const md = markdownHeader(sources);
  const html = `<!-- ${headerLines(sources).join(" ")} -->`;
  const files: GeneratedFile[] = [];
  const rules = { ...base, rules: RULES.map(([title, text]) => ({ title, text })), modes: MODES, codes: Object.entries(ISSUE_CODES).map(([code, text]) => ({ code, text })) };
  const index = { ...base, families: families(model) };
  files.push({ path: "docs/README.md", content: t.md("index")({ ...index, header: md }) });
  files.push({ path: "docs/decoding.md", content: t.md("decoding")({ ...rules, header: md }) });
  files.push({ path: "docs/site/index.html", content: t.html("index")({ ...index, header: html }) });
  files.push({ path: "docs/site/decoding.html", content: t.html("decoding")({ ...rules, header: html }) });
  const source = sourceResolver(model);
  const views = model.payloads.map((p) => docsPayload(p, samples, source));
  for (const v of views) {
    files.push({ path: `docs/${v.slug}.md`, content: t.md("payload")({ ...base, ...v, links: linkedPages(v), header: md }) });
    files.push({ path: `docs/site/${v.slug}.html`, content: t.html("payload")({ ...base, ...v, header: html }) });
  }
  files.push({ path: "docs/site/style.css", content: t.raw("style.css.hbs")({ header: `/* ${headerLines(sources).join(" ")} */` }) });
  files.push({ path: "docs/site/search-index.js", content: searchIndex(views, headerLines(sources)) });
  files.push({ path: "docs/site/site.js", content: t.raw("site.js.hbs")({ header: headerLines(sources).map((l) => `// ${l}`).join("\n") }) });
  return files.map((f) => ({ path: f.path, content: f.content.replace(/\n{3,}/g, "\n\n").replace(/[ \t]+\n/g, "\n") }));
}
