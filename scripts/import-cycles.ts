/**
 * Import cycles among TypeScript modules, for scripts/check-cycles.ts (`npm run check:cycles`).
 *
 * Every relative import counts, `import type` and `export … from` included: a type-only edge
 * erases at run time, but it still ties the modules into one knot that must be read, changed
 * and tested together. A cycle is reported per knot (strongly connected component): one
 * shortest cycle in it, and its modules.
 */

import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/** Each module's file → the files it imports, among the modules checked. */
export type ImportGraph = Map<string, string[]>;

/** Every `.ts` file under `roots` and its relative imports that resolve to one of them. */
export function importGraph(roots: string[]): ImportGraph {
  const files = roots.flatMap((root) => tsFiles(resolve(root)));
  const known = new Set(files);
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const imported = ts
      .preProcessFile(readFileSync(file, "utf8"), true, true)
      .importedFiles.map((ref) => ref.fileName)
      .filter((specifier) => specifier.startsWith("./") || specifier.startsWith("../"))
      .map((specifier) => resolveImport(file, specifier, known))
      .filter((target): target is string => target !== undefined);
    graph.set(file, [...new Set(imported)]);
  }
  return graph;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name: string) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === "node_modules" ? [] : tsFiles(path);
      return name.endsWith(".ts") || name.endsWith(".tsx") ? [path] : [];
    });
}

/** TypeScript's bundler resolution, as far as this repository uses it: `x`, `x.ts`, `x.tsx`, `x/index.ts`. */
function resolveImport(from: string, specifier: string, known: Set<string>): string | undefined {
  const base = resolve(dirname(from), specifier);
  const stem = base.replace(/\.[cm]?js$/, "");
  return [base, `${stem}.ts`, `${stem}.tsx`, join(base, "index.ts")].find((candidate) => known.has(candidate));
}

/**
 * The knots of `graph`: each strongly connected component with more than one module (or a
 * module importing itself), as one shortest cycle through it (its first module repeated at the
 * end; of several, the one starting first by name) and its modules, sorted.
 */
export function importCycles(graph: ImportGraph): { cycle: string[]; modules: string[] }[] {
  return components(graph)
    .filter((component) => component.length > 1 || graph.get(component[0])?.includes(component[0]))
    .map((component) => {
      const members = new Set(component);
      const modules = [...component].sort();
      const cycles = modules.map((start) => shortestCycle(graph, start, members));
      const cycle = cycles.reduce((best, c) => (c.length < best.length ? c : best));
      return { cycle, modules };
    })
    .sort((a, b) => a.modules[0].localeCompare(b.modules[0]));
}

/** Tarjan's strongly connected components. */
function components(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const result: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      result.push(component);
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return result;
}

/** Breadth first from `start` back to it, within `members`. */
function shortestCycle(graph: ImportGraph, start: string, members: Set<string>): string[] {
  const parent = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    for (const next of graph.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const back: string[] = [];
        for (let at = node; at !== start; at = parent.get(at)!) back.push(at);
        return [start, ...back.reverse(), start];
      }
      if (!parent.has(next)) {
        parent.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

/** The report printed for `cycles`, paths relative to `cwd`. */
export function cycleReport(cycles: ReturnType<typeof importCycles>, moduleCount: number, cwd: string): string {
  const rel = (file: string) => relative(cwd, file);
  if (cycles.length === 0) return `No import cycle among ${moduleCount} modules.`;
  const lines = [`${cycles.length} import cycle${cycles.length === 1 ? "" : "s"}:`];
  for (const { cycle, modules } of cycles) {
    lines.push(`- ${cycle.map(rel).join(" → ")}`);
    lines.push(`  ${modules.length} modules in this knot: ${modules.map(rel).join(", ")}`);
  }
  return lines.join("\n");
}
