import { main } from "./main.ts";

/** The `plenary` command run with this process's arguments (bin/plenary.js in development; the compiled server's entry). */
process.exitCode = await main(process.argv.slice(2));
