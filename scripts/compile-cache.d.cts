/** What enableCompileCache turned on: Node's own cache, the hook, or nothing. */
export type CompileCacheMode = "node" | "hook" | "off";
export interface CompileCache {
  readonly mode: CompileCacheMode;
  /** Modules compiled from cached data, and those compiled afresh (new, changed or refused by V8), so far. */
  stats(): { readonly hits: number; readonly misses: number; readonly rejected: number };
  /** Writes what this process compiled afresh now, instead of at exit. */
  flush(): void;
}
export function enableCompileCache(dir: string, name: string): CompileCache;
