// Worker entry for the generator's second thread: registers tsx so the TypeScript emitters load.
import { register } from "tsx/esm/api";

register();
await import("./emit-worker.ts");
