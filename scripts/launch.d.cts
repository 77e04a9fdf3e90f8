export interface Metafile {
  readonly outputs: Record<string, { readonly imports: readonly { readonly path: string }[] }>;
}
export function closureHashes(metafile: Metafile, outDir: string): Record<string, string>;
export function sources(): string[];
export function buildKey(files: readonly string[]): string;
/** Builds into outDir; `meanwhile` runs on this thread while esbuild's own process builds. */
export function build(files: readonly string[], outDir: string, meanwhile?: () => void): Promise<void>;
