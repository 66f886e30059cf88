// Entry of the gate's worker thread (see ENTRY in ./run.ts): loads ./worker.ts through tsx.
import { tsImport } from "tsx/esm/api";

await tsImport("./worker.ts", import.meta.url);
