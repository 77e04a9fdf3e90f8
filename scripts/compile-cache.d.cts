/** What enableCompileCache turned on: Node's own cache, the hook, or nothing. */
export type CompileCacheMode = "node" | "hook" | "off";
export interface CompileCache {
  readonly mode: CompileCacheMode;
  /**
   * Modules compiled from cached data, those compiled afresh (new, changed, or refused by V8), and those left to
   * Node (ES modules, and modules that call import()), so far.
   */
  stats(): { readonly hits: number; readonly misses: number; readonly rejected: number; readonly uncached: number };
  /** Writes what this process compiled afresh now, instead of at exit. */
  flush(): void;
}
export function enableCompileCache(dir: string, name: string): CompileCache;
/** A module text's SHA-1 (base64), exactly as if hashed whole. */
export function contentHash(content: string): string;
