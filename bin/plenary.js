#!/usr/bin/env node
// The plenary command in development: the TypeScript sources run through tsx's loader,
// so a change is live without a build. `npm start` and production run the compiled
// server instead (dist/server/plenary.mjs, built by `npm run build`).
import { register } from "tsx/esm/api";

register();
await import("../server/cli/run.ts");
