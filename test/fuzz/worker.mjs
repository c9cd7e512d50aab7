// Worker entry: registers tsx so the TypeScript worker (and the generated sources it imports) load.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
