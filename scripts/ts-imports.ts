/**
 * Lets Node run this repository's TypeScript entry points (`npm start`, `npm run bench`, the
 * floor) with its built-in type stripping. Node resolves ES module imports only with their
 * extension, while this repository writes them without (`import … from "./server"`,
 * TypeScript's bundler resolution): the hook maps such a relative import to its `.ts` file.
 * Entry points import this module (with its extension) before loading anything else.
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
