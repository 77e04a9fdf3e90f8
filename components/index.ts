export * from "./app";
export * from "./domains";
export * from "./django-environment";
export * from "./formation";
export * from "./log-drain";
export * from "./postgres";
export * from "./production-environment";
