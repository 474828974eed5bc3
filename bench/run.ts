/**
 * `npm run bench`: the benchmark harness (see bench/README.md). Node runs it with its built-in
 * type stripping; the hook maps this repository's extensionless relative imports to `.ts`
 * files, as scripts/start.ts does for `npm start`.
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

const { main } = await import("./main");
process.exit(await main(process.argv.slice(2), process.env));
