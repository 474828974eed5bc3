/**
 * `npm run bench`: the benchmark harness (see bench/README.md). Node runs it with its built-in
 * type stripping; scripts/ts-imports.ts maps this repository's extensionless relative imports
 * to `.ts` files, as for `npm start`.
 */

import "../scripts/ts-imports.ts";

const { main } = await import("./main");
process.exit(await main(process.argv.slice(2), process.env));
