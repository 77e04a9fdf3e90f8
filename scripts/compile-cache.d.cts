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
/**
 * Turns V8's code cache on for this process, in `dir`, in a store named `name`. With `builds` (a directory of builds
 * named by a 16-digit key), a module of a build is kept by its path inside the build, in a store of its own.
 */
export function enableCompileCache(dir: string, name: string, builds?: string): CompileCache;
/** A module text's SHA-1 (base64), exactly as if hashed whole. */
export function contentHash(content: string): string;
