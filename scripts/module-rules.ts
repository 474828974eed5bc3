/**
 * Wrangler's module rules: which files become which kind of Worker module (ES module, text,
 * data, Wasm). The self-hosted server uses them to declare the modules wrangler emitted and to
 * know which non-JS files can change a build.
 * @see https://developers.cloudflare.com/workers/wrangler/configuration/#bundling
 */

export type ModuleType = "ESModule" | "CommonJS" | "Text" | "Data" | "CompiledWasm";

export interface ModuleRule {
  type: ModuleType;
  globs: string[];
}

/** Wrangler's defaults, consulted after the rules in wrangler.toml. */
export const DEFAULT_RULES: readonly ModuleRule[] = [
  { type: "ESModule", globs: ["**/*.mjs", "**/*.js"] },
  { type: "CommonJS", globs: ["**/*.cjs"] },
  { type: "Text", globs: ["**/*.txt", "**/*.html", "**/*.sql"] },
  { type: "Data", globs: ["**/*.bin"] },
  { type: "CompiledWasm", globs: ["**/*.wasm", "**/*.wasm?module"] },
];

/**
 * The type of the first rule with a glob matching `path` (a `/`-separated relative path).
 * A rule's `fallthrough` is ignored: it only prunes later rules of the same type, which matters
 * when wrangler decides what may be imported, not when classifying files it already accepted.
 */
export function moduleTypeOf(path: string, rules: readonly ModuleRule[]): ModuleType | undefined {
  return rules.find((rule) => rule.globs.some((glob) => globToRegExp(glob).test(path)))?.type;
}

/** Whether `path` is a module that esbuild does not see (text, data or Wasm). */
export function isAttachedModule(path: string, rules: readonly ModuleRule[]): boolean {
  const type = moduleTypeOf(path, rules);
  return type !== undefined && type !== "ESModule" && type !== "CommonJS";
}

/**
 * `*` matches within one path segment, `**` across segments (`**\/` also matches no segment);
 * everything else is literal (so `*.wasm?module` means that suffix, as in wrangler). The glob
 * must match the whole path.
 */
export function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      source += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") {
      source += "[^/]*";
    } else {
      source += c.replace(/[.+?^${}()|[\]\\/]/g, "\\$&");
    }
  }
  return new RegExp(`^${source}$`);
}
