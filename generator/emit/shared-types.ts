import { tableTypesPath } from "../model/names.js";

/** Import specifier of the module exporting a shared table's types, from a file in `fromDir` (inside src/). */
export function sharedTypesFrom(table: string, fromDir: string): string {
  const target = tableTypesPath(table).replace(/^src\//, "").replace(/\.ts$/, ".js");
  if (fromDir === "tables") return `./${target.slice("tables/".length)}`;
  return (fromDir === "" ? "./" : "../".repeat(fromDir.split("/").length)) + target;
}
