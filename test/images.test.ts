import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { AppImages, validateImagesArgs } from "../components/images";
import { isSecretValue } from "../lib/offline";
import { find, plainInputs, runComponent } from "./support/program";

describe("AppImages", () => {
  it("builds web and release for linux/amd64 and pushes them to Heroku's registry, tagged with the version", async () => {
    const run = await runComponent(() => {
      const images = new AppImages("img", {
        appName: "acme-web",
        version: "0123456789ab",
        apiKey: pulumi.secret("hk-secret-key"),
      });
      return { references: images.references };
    });
    for (const process of ["web", "release"]) {
      const image = find(run, "docker:index/image:Image", `img-${process}`);
      expect(plainInputs(image)).toEqual({
        imageName: `registry.heroku.com/acme-web/${process}:0123456789ab`,
        build: { context: "app", dockerfile: "app/Dockerfile", platform: "linux/amd64", target: process },
        registry: { server: "registry.heroku.com", username: "_", password: "hk-secret-key" },
        buildOnPreview: false,
        skipPush: false,
      });
      // A secret nested in an input object makes the whole object secret on the wire.
      expect(isSecretValue(image.inputs.registry)).toBe(true);
      expect(image.parent).toBe("img");
    }
    expect(run.outputs.references).toEqual({
      web: find(run, "docker:index/image:Image", "img-web").state.repoDigest,
      release: find(run, "docker:index/image:Image", "img-release").state.repoDigest,
    });
    expect(String((run.outputs.references as Record<string, string>).web)).toMatch(
      /^registry\.heroku\.com\/acme-web\/web@sha256:[0-9a-f]{64}$/,
    );
  });

  it("marks a plain API key secret anyway", async () => {
    const run = await runComponent(() => {
      new AppImages("img", { appName: "a-b-c", version: "v1", apiKey: "plain-key", processes: ["web"] });
      return {};
    });
    const image = find(run, "docker:index/image:Image", "img-web");
    expect(isSecretValue(image.inputs.registry)).toBe(true);
    expect(run.registrations.filter((r) => r.custom).map((r) => r.name)).toEqual(["img-web"]);
  });

  it("refuses latest, malformed tags and a missing web process", () => {
    expect(validateImagesArgs({ version: "latest" })).toEqual([
      '`version` is "latest". Use an immutable Docker tag such as the commit SHA; "latest" is refused.',
    ]);
    expect(validateImagesArgs({ version: "has space" })).toHaveLength(1);
    expect(validateImagesArgs({ version: "v1", processes: ["release"] })).toEqual([
      '`processes` has no "web". Add it: Heroku routes HTTP to web.',
    ]);
    expect(validateImagesArgs({ version: "abc123" })).toEqual([]);
    expect(() => new AppImages("x", { appName: "a", version: "LATEST", apiKey: "k" })).toThrow(
      'AppImages x: `version` is "LATEST". Use an immutable Docker tag such as the commit SHA; "latest" is refused.',
    );
  });
});
