import { parentPort, workerData } from "node:worker_threads";
import { emitGroup } from "./generate.js";
import { readInputs } from "./inputs.js";

/** Runs a group of emitters on its own reading of the spec and sends their files back. */
const { spec, displayRoot, names } = workerData as { spec: string; displayRoot: string; names: string[] };
parentPort!.postMessage(await emitGroup(readInputs(spec, displayRoot), names));
