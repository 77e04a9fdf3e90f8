import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHash } from "node:crypto";

/** One request as the fake saw it. */
export interface RecordedRequest {
  /** Which fake answered: the Platform API, the registry or the release-output streams. */
  server: string;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ScriptedReply {
  status: number;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is (for malformed bodies and release output). */
  text?: string;
}

/** The next request must be `method path`; it gets `reply`, `times` times (default once). */
export interface ScriptStep {
  method: string;
  path: string;
  reply: ScriptedReply;
  times?: number;
}

/** A fake HTTP server on 127.0.0.1 that answers from a script, strictly in order, and records everything. */
export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  /** Requests that did not match the script; each got a 418 so the caller fails fast (418 is not retried). */
  readonly unexpected: string[] = [];
  private readonly steps: ScriptStep[] = [];
  private server?: Server;
  url = "";

  constructor(
    readonly name: string,
    private readonly log: RecordedRequest[],
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const recorded: RecordedRequest = {
          server: this.name,
          method: req.method ?? "",
          path: req.url ?? "",
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        };
        this.requests.push(recorded);
        this.log.push(recorded);
        const step = this.steps[0];
        if (!step || step.method !== recorded.method || step.path !== recorded.path) {
          const expected = step ? `${step.method} ${step.path}` : "nothing";
          this.unexpected.push(`${recorded.method} ${recorded.path} (expected ${expected})`);
          res.writeHead(418, { "Content-Type": "text/plain" }).end(`unscripted request to ${this.name}`);
          return;
        }
        step.times = (step.times ?? 1) - 1;
        if (step.times <= 0) this.steps.shift();
        const { status, headers = {}, json, text } = step.reply;
        const body = json === undefined ? (text ?? "") : JSON.stringify(json);
        const type = json === undefined ? "text/plain" : "application/json";
        res.writeHead(status, { "Content-Type": type, ...headers }).end(body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** `host:port`, the registry host in image references. */
  get host(): string {
    return new URL(this.url).host;
  }

  script(...steps: ScriptStep[]): this {
    this.steps.push(...steps);
    return this;
  }

  /** Steps not consumed yet (a `times` of Infinity never is). */
  get pending(): ScriptStep[] {
    return this.steps.filter((s) => s.times !== Infinity);
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export interface FakeHeroku {
  api: FakeServer;
  registry: FakeServer;
  streams: FakeServer;
  /** All requests to all three, in arrival order. */
  log: RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakeHeroku(): Promise<FakeHeroku> {
  const log: RecordedRequest[] = [];
  const [api, registry, streams] = await Promise.all([
    new FakeServer("api", log).start(),
    new FakeServer("registry", log).start(),
    new FakeServer("streams", log).start(),
  ]);
  return {
    api,
    registry,
    streams,
    log,
    close: async () => {
      await Promise.all([api.close(), registry.close(), streams.close()]);
    },
  };
}

/** A deterministic `sha256:` digest for a name, so tests can tell images apart. */
export function digestOf(name: string): string {
  return `sha256:${createHash("sha256").update(name).digest("hex")}`;
}

/** A Docker image manifest v2 as registry.heroku.com serves it. */
export function manifestV2(configDigest: string): Record<string, unknown> {
  return {
    schemaVersion: 2,
    mediaType: "application/vnd.docker.distribution.manifest.v2+json",
    config: { mediaType: "application/vnd.docker.container.image.v1+json", size: 7023, digest: configDigest },
    layers: [
      {
        mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip",
        size: 32654,
        digest: digestOf("layer-0"),
      },
    ],
  };
}

export interface ReleaseFixture {
  id: string;
  version: number;
  status: "pending" | "succeeded" | "failed" | "expired";
  output_stream_url?: string | null;
  /** As Heroku writes it: "Deployed web (<12 hex>), release (<12 hex>)" for a container release. */
  description?: string;
}

/** A release object with every field the Platform API schema describes, for realistic replies. */
export function release(fixture: ReleaseFixture, appName = "acme-prod"): Record<string, unknown> {
  return {
    addon_plan_names: ["heroku-postgresql:standard-0"],
    artifacts: [],
    app: { id: "01234567-89ab-cdef-0123-456789abcdef", name: appName },
    created_at: "2026-11-22T10:00:00Z",
    description: fixture.description ?? "Set SENTRY_ENVIRONMENT config vars",
    id: fixture.id,
    updated_at: "2026-11-22T10:00:05Z",
    slug: null,
    status: fixture.status,
    user: { id: "01234567-89ab-cdef-0123-456789abcdea", email: "deploy@example.com" },
    version: fixture.version,
    current: fixture.status === "succeeded",
    output_stream_url: fixture.output_stream_url ?? null,
    eligible_for_rollback: fixture.status === "succeeded",
  };
}

/** A clock whose `sleep` returns at once and moves time forward, recording each delay. */
export function fakeClock(start = Date.UTC(2026, 10, 22, 10, 0, 0)) {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}
