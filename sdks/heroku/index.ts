export { Provider, type ProviderArgs } from "./provider";

export * as addon from "./addon";
export * as app from "./app";
export * as domain from "./domain";
export * as drain from "./drain";
export * as formation from "./formation";
export * as pipeline from "./pipeline";
export * as ssl from "./ssl";
export * as types from "./types";
