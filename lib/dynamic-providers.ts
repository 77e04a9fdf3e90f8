// The project's dynamic providers: the module that registers each and the factory it exports. This module imports
// nothing, so the launcher can read it before anything loads, to serialize in a process of its own the providers
// whose cached text an edit has made stale (scripts/serialize-providers.ts).
export const DYNAMIC_PROVIDERS = [
  { name: "AcmActivation", module: "components/acm", factory: "createAcmProvider" },
  { name: "ImageCopy", module: "components/image-copy", factory: "createImageCopyProvider" },
  { name: "ContainerRelease", module: "components/container-release", factory: "createContainerReleaseProvider" },
] as const;
