import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { AcmActivation, type AcmProvider, type AcmState } from "../components/acm";
import { captureProviderText, loadProvider } from "./support/fake-engine-host";
import { startFakeHeroku, type FakeHeroku } from "./support/fake-heroku";

const { KEY } = vi.hoisted(() => {
  const key = "HRKU-acm-7e2a-key-must-not-leak-41c9";
  process.env.PULUMI_CONFIG = JSON.stringify({ "heroku:apiKey": key });
  process.env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(["heroku:apiKey"]);
  return { KEY: key };
});
const APP = "acme-prod";
const TYPE = "pulumi-nodejs:dynamic/heroku-production:AcmActivation";

let providerText = "";
let fake: FakeHeroku;

beforeAll(async () => {
  const captured = await captureProviderText(TYPE, () => {
    pulumi.runtime.setAllConfig({ "heroku:apiKey": KEY }, ["heroku:apiKey"]);
    new AcmActivation("site-acm", { appName: APP });
  });
  providerText = captured.text;
});

beforeEach(async () => {
  fake = await startFakeHeroku();
});

afterEach(async () => {
  await fake.close();
});

const provider = () => loadProvider<AcmProvider>(providerText, { "heroku:apiKey": KEY });
const appInfo = (acm: boolean) => ({ method: "GET", path: `/apps/${APP}`, reply: { status: 200, json: { name: APP, acm } } });
const inputs = () => ({ appName: APP, apiUrl: fake.api.url });

describe("AcmActivation", () => {
  it("serializes without the API key", () => {
    expect(providerText).toContain("exports.handler");
    expect(providerText).not.toContain(KEY);
  });

  it("turns ACM on with POST /apps/{app}/acm when it is off", async () => {
    fake.api.script(appInfo(false), { method: "POST", path: `/apps/${APP}/acm`, reply: { status: 200, json: { name: APP, acm: true } } });
    const p = await provider();

    const result = await p.create(inputs());

    expect(result).toEqual({ id: APP, outs: { ...inputs(), acm: true } });
    expect(fake.api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /apps/${APP}`, `POST /apps/${APP}/acm`]);
    expect(fake.api.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(fake.api.unexpected).toEqual([]);
  });

  it("makes no POST when ACM is already on", async () => {
    fake.api.script(appInfo(true));
    const p = await provider();

    expect((await p.create(inputs())).outs).toEqual({ ...inputs(), acm: true });
    expect(fake.api.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("explains a refusal, without the key", async () => {
    fake.api.script(appInfo(false), {
      method: "POST",
      path: `/apps/${APP}/acm`,
      reply: { status: 422, json: { id: "invalid_params", message: `ACM requires paid dynos (Bearer ${KEY})` } },
    });
    const p = await provider();

    const error = (await p.create(inputs()).catch((e: unknown) => e)) as Error;

    expect(error.message).toBe(
      `Heroku refused to turn on Automated Certificate Management for app "${APP}" (HTTP 422). Heroku said: ` +
        '"ACM requires paid dynos (Bearer [redacted])". ACM needs the app to run paid dynos (Basic or larger; a ' +
        "personal app, until its formation has scaled) and each custom domain's DNS to point at its herokudns.com " +
        `target. This resource runs after the formation; check \`heroku ps -a ${APP}\` and \`heroku domains -a ${APP}\`, ` +
        "then run pulumi up again.",
    );
    expect(error.message).not.toContain(KEY);
  });

  it("reads ACM's state on refresh, and turns it back on when it is off", async () => {
    fake.api.script(appInfo(false));
    const p = await provider();
    const state: AcmState = { ...inputs(), acm: true };

    const read = await p.read!(APP, state);

    expect(read.props).toEqual({ ...inputs(), acm: false });
    expect(await p.diff!(APP, read.props as AcmState, inputs())).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await p.diff!(APP, state, inputs())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("leaves ACM on when deleted", async () => {
    const p = await provider();
    await p.delete!(APP, { ...inputs(), acm: true });
    expect(fake.log).toEqual([]);
  });
});
