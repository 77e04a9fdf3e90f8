import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { isImmutableTag } from "../lib/config";

export const HEROKU_REGISTRY = "registry.heroku.com";

/** Heroku's container runtime runs linux/amd64 only; a build on an ARM laptop must cross-build. */
export const HEROKU_PLATFORM = "linux/amd64";

export interface AppImagesArgs {
  /** The Heroku app the images are pushed to (`registry.heroku.com/<app>/<process>`). */
  readonly appName: pulumi.Input<string>;
  /** The tag: a release version or commit SHA. Never `latest`, which would hide what is deployed. */
  readonly version: string;
  /** Process types to build, each from the Dockerfile stage of the same name. @default `["web", "release"]` */
  readonly processes?: readonly string[];
  /** Docker build context: the Django project's directory. @default `"app"` */
  readonly context?: pulumi.Input<string>;
  /** Dockerfile path. @default `"<context>/Dockerfile"` */
  readonly dockerfile?: pulumi.Input<string>;
  /** Build arguments, the same for every stage. @default `{}` */
  readonly buildArgs?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** The Heroku API key, the registry password. It must be a secret. */
  readonly apiKey: pulumi.Input<string>;
}

/** Checks the version; returns one message per problem, naming the argument and the fix. */
export function validateImagesArgs(args: Pick<AppImagesArgs, "version" | "processes">): string[] {
  const problems: string[] = [];
  if (!isImmutableTag(args.version)) {
    problems.push(
      `\`version\` is "${args.version}". Use an immutable Docker tag such as the commit SHA; "latest" is refused.`,
    );
  }
  const processes = args.processes ?? ["web", "release"];
  if (!processes.includes("web")) problems.push("`processes` has no \"web\". Add it: Heroku routes HTTP to web.");
  return problems;
}

/**
 * The app's Docker images, built from one Dockerfile (one target per process type) for linux/amd64 and pushed to
 * Heroku's registry with the API key. Pushing does not release: `ContainerRelease` does that. Nothing is built
 * during `pulumi preview`.
 */
export class AppImages extends pulumi.ComponentResource {
  public readonly images: Record<string, docker.Image>;
  /** Process type → pushed image reference by digest (`registry.heroku.com/<app>/<process>@sha256:…`). */
  public readonly references: pulumi.Output<{ web: string } & Record<string, string>>;

  constructor(name: string, args: AppImagesArgs, opts?: pulumi.ComponentResourceOptions) {
    const problems = validateImagesArgs(args);
    if (problems.length > 0) throw new Error(`AppImages ${name}: ${problems.join(" ")}`);
    super("heroku-production:index:AppImages", name, {}, opts);

    const context = args.context ?? "app";
    const dockerfile = args.dockerfile ?? pulumi.interpolate`${context}/Dockerfile`;
    const password = pulumi.secret(args.apiKey);
    this.images = Object.fromEntries(
      (args.processes ?? ["web", "release"]).map((process) => [
        process,
        new docker.Image(
          `${name}-${process}`,
          {
            imageName: pulumi.interpolate`${HEROKU_REGISTRY}/${args.appName}/${process}:${args.version}`,
            build: { context, dockerfile, platform: HEROKU_PLATFORM, target: process, ...(args.buildArgs ? { args: args.buildArgs } : {}) },
            registry: { server: HEROKU_REGISTRY, username: "_", password },
            buildOnPreview: false,
            skipPush: false,
          },
          { parent: this },
        ),
      ]),
    );
    this.references = pulumi
      .all(Object.entries(this.images).map(([process, image]) => pulumi.all([process, image.repoDigest])))
      .apply((pairs) => Object.fromEntries(pairs) as { web: string } & Record<string, string>);
    this.registerOutputs({ references: this.references });
  }
}
