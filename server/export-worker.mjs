// The export worker thread (server/export-pool.ts) in development: TypeScript through
// tsx's loader, as bin/plenary.js does. The compiled server has its own build of it.
import { register } from "tsx/esm/api";

register();
await import("./export-thread.ts");
