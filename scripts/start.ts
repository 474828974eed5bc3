/**
 * `npm start`: the self-hosted server (see scripts/cli.ts for options, scripts/server.ts for
 * what it does). Node runs this file with its built-in type stripping, so the scripts it loads
 * use only erasable TypeScript: no enums, namespaces or constructor parameter properties.
 * ./ts-imports.ts resolves their extensionless imports; it is registered before anything else loads.
 */

import "./ts-imports.ts";

const { runCli } = await import("./cli");
process.exit(await runCli(process.argv.slice(2), process.env));
