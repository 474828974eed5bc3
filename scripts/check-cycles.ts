/**
 * `npm run check:cycles`: fails when modules of the product code (`workers/`, `shared/`) import
 * each other in a circle, `import type` included (scripts/import-cycles.ts says why).
 * `node scripts/check-cycles.ts DIR…` checks other directories.
 *
 * At exit: status 0 and one line when there is no cycle; else status 1, and each cycle found
 * with the modules of its knot.
 */

import { cycleReport, importCycles, importGraph } from "./import-cycles.ts";

const roots = process.argv.length > 2 ? process.argv.slice(2) : ["workers", "shared"];
const graph = importGraph(roots);
const cycles = importCycles(graph);
console.log(cycleReport(cycles, graph.size, process.cwd()));
if (cycles.length > 0) process.exitCode = 1;
