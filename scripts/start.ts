/**
 * `npm start`: the self-hosted server (see scripts/cli.ts for options, scripts/server.ts for
 * what it does). Node runs this file with its built-in type stripping, so the scripts it loads
 * use only erasable TypeScript: no enums, namespaces or constructor parameter properties.
 *
 * Node resolves ES module imports only with their extension, while this repository writes
 * them without (`import … from "./server"`, TypeScript's bundler resolution). The hook below
 * maps such a relative import to its `.ts` file; it is registered before anything else loads.
 */

import { registerHooks } from "node:module";

registerHooks({
  resolve(specifier: string, context: unknown, nextResolve: (specifier: string, context: unknown) => unknown) {
    if (/^\.\.?\//.test(specifier) && !/\.[cm]?[jt]s$/.test(specifier)) {
      try {
        return nextResolve(`${specifier}.ts`, context);
      } catch {
        // Not a .ts file: let Node report the import as written.
      }
    }
    return nextResolve(specifier, context);
  },
});

const { runCli } = await import("./cli");
process.exit(await runCli(process.argv.slice(2), process.env));
