/**
 * What the offline check puts in place of a `secure:` value it cannot decrypt. Such a value counts as present and
 * secret; its content is judged only where the engine can read it, during `pulumi preview`.
 */
export const OFFLINE_SECRET = "[offline: secure value present]";
