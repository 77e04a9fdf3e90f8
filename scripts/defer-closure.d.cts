export function deferClosureSerializer(from: string): string[];
export function functionExports(source: string): string[] | undefined;
