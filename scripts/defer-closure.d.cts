export function deferClosureSerializer(from: string): string[];
export function functionExports(source: string): string[] | undefined;
/** The V8 flag Pulumi's closure serializer sets, set by the deferral before the serializer's modules load. */
export const SERIALIZER_FLAG: string;
