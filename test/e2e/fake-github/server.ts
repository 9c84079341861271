import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { etagOf, notModified, RateBudget, type RateResource } from "./conditional.js";
import { refusalFor } from "./limits.js";
import { loadGitHubApi, type ApiValidator } from "./openapi-validator.js";
import { handlers, type Reply } from "./routes.js";
import type { FakeState } from "./state.js";
import { policyQuery } from "./graphql-policies.js";

/** A fault to inject: on requests matching `match` ("METHOD /route/{template}"), `times` times. */
export interface Fault {
  match: RegExp;
  times: number;
  kind: "500" | "secondary" | "reset" | "slow" | "hold";
  /** For "slow": how long to wait before answering. */
  delayMs?: number;
  /** For "hold": the request waits for this, then is handled (even if its client is gone meanwhile). */
  until?: Promise<unknown>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  route: string;
  /** As answered: 304 for a conditional GET whose answer had not changed (free of the rate limit). */
  status: number;
  body?: unknown;
}

/** What a run of requests cost: all of them, those the rate limit counts (all but 304s), and the 304s. */
export interface Spend {
  requests: number;
  rateLimited: number;
  notModified: number;
}

/**
 * A stateful fake of GitHub's REST API on loopback, for the app running as its own process
 * (`GHE_HOST`/`GHE_PROTOCOL=http` point Probot here). Every request is checked against GitHub's
 * OpenAPI description; one that does not validate is recorded as a violation and answered 400. A
 * write past GitHub's size limits is refused with 422, as GitHub refuses it, and recorded.
 *
 * Like GitHub, every 200 GET carries an `ETag` of its body, and the same GET sent with
 * `If-None-Match: <that ETag>` is answered 304 with no body while nothing changed. Every answer
 * reports the rate limit (`x-ratelimit-*`): each recorded request spends one of 5,000 an hour, except
 * 304s, which GitHub does not count (REST and GraphQL have a budget each).
 */
export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  readonly unhandled: string[] = [];
  /** Writes refused for GitHub's limits (a body too long, too many reviewers). */
  readonly refusals: string[] = [];
  readonly faults: Fault[] = [];
  private server?: Server;
  private api?: ApiValidator;
  private readonly budget = new RateBudget();

  constructor(readonly state: FakeState) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  /** What Probot's GHE_HOST should be. */
  get host(): string {
    return this.url.replace("http://", "");
  }

  async start(): Promise<void> {
    this.api = await loadGitHubApi();
    this.server = createServer((req, res) => void this.handle(req, res));
    // Longer than the client's keep-alive (undici: 4 s), as GitHub's is: otherwise the app reuses
    // sockets the fake already closed, and every such request pays a retry.
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Writes (non-GET requests) matching a route pattern, for assertions. */
  writes(match: RegExp = /./): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== "GET" && match.test(`${r.method} ${r.route}`));
  }

  /**
   * What the requests recorded since an index of `requests` cost (all of them by default):
   * `rateLimited` are those GitHub's rate limit counts, every one but the 304s.
   */
  spend(since = 0): Spend {
    const recorded = this.requests.slice(since);
    const notModified = recorded.filter((r) => r.status === 304).length;
    return { requests: recorded.length, rateLimited: recorded.length - notModified, notModified };
  }

  /** Sets what is left of the hour's rate limit (5,000 at the start and after `reset()`). */
  setRateLimitRemaining(remaining: number, resource: RateResource = "core"): void {
    this.budget.set(resource, remaining);
  }

  /** What is left of the hour's rate limit, as the next answer's `x-ratelimit-remaining` reports it. */
  rateLimitRemaining(resource: RateResource = "core"): number {
    return this.budget.left(resource);
  }

  /** Forgets what was recorded and injected; the rate limit is full again. */
  reset(): void {
    this.requests.length = 0;
    this.violations.length = 0;
    this.unhandled.length = 0;
    this.refusals.length = 0;
    this.faults.length = 0;
    this.budget.refill();
  }

  /** Records a request as answered and spends its cost; the rate-limit headers to answer it with. */
  private record(request: RecordedRequest, resource: RateResource = "core"): Record<string, string> {
    this.requests.push(request);
    return this.budget.spend(resource, request.status);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = req.url ?? "/";
    if (url.startsWith("/_blob/")) return this.blob(url, res);
    if (url === "/api/graphql" && req.method === "POST") return this.graphql(raw, res);
    if (!url.startsWith("/api/v3/"))
      return send(res, { status: 404, json: { message: "Not Found" } }, this.budget.headers("core"));
    const path = url.slice("/api/v3".length);
    const method = req.method ?? "GET";
    let body: unknown;
    try {
      body = raw.length ? JSON.parse(raw) : undefined;
    } catch {
      this.violations.push(`${method} ${path}: body is not JSON`);
      return send(res, { status: 400, json: { message: "Problems parsing JSON" } }, this.budget.headers("core"));
    }
    const check = (this.api as ApiValidator).check(method, path, body);
    if (!check.ok) {
      this.violations.push(check.error);
      const rate = this.record({ method, path, route: "(invalid)", status: 400, body });
      return send(res, { status: 400, json: { message: check.error } }, rate);
    }
    const fault = this.faults.find((f) => f.times > 0 && f.match.test(`${method} ${check.route.replace(/^\S+ /, "")}`));
    if (fault) {
      fault.times--;
      if (fault.kind === "reset") return void req.socket.destroy();
      if (fault.kind === "slow") await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 1500));
      else if (fault.kind === "hold") await fault.until;
      else {
        const reply: Reply =
          fault.kind === "500"
            ? { status: 502, json: { message: "Server Error" } }
            : {
                status: 403,
                json: {
                  message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                },
                headers: { "retry-after": "1" },
              };
        const rate = this.record({ method, path, route: check.route, status: reply.status, body });
        return send(res, reply, rate);
      }
    }
    const refusal = refusalFor(check.route, check.params, body, this.state);
    if (refusal) {
      this.refusals.push(`${check.route}: ${JSON.stringify(refusal.json)}`);
      const rate = this.record({ method, path, route: check.route, status: refusal.status, body });
      return send(res, refusal, rate);
    }
    const handler = handlers[check.route];
    if (!handler) {
      this.unhandled.push(check.route);
      const reply = { status: 501, json: { message: `the fake does not implement ${check.route}` } };
      return send(res, reply, this.budget.headers("core"));
    }
    const query = new URL(url, "http://x").searchParams;
    const answer = handler({
      state: this.state,
      params: check.params,
      query,
      body,
      headers: req.headers,
      baseUrl: `${this.url}/api/v3`,
      blobUrl: `${this.url}/_blob`,
    });
    const reply = method === "GET" ? conditional(answer, req.headers["if-none-match"]) : answer;
    const rate = this.record({ method, path, route: check.route, status: reply.status, body });
    send(res, reply, rate);
  }

  /**
   * GraphQL: only the queries Squadgate makes: who last edited a comment (`node(id)` on an
   * IssueComment), a merge queue, and its policies' reads (`policyQuery`). Anything else is
   * recorded as unhandled.
   */
  private graphql(raw: string, res: ServerResponse): void {
    const request = JSON.parse(raw || "{}") as {
      query?: string;
      variables?: { id?: string; owner?: string; name?: string; branch?: string };
    };
    if (/object\(expression: \$e0\)/.test(request.query ?? "")) {
      this.blobs(request as { variables?: Record<string, string> }, res);
      return;
    }
    if (/mergeQueue\(branch: \$branch\)/.test(request.query ?? "")) {
      this.mergeQueue(request, res);
      return;
    }
    const policyAnswer = policyQuery(this.state, request as Parameters<typeof policyQuery>[1]);
    if (policyAnswer !== undefined) {
      const rate = this.record(
        { method: "POST", path: "/graphql", route: "POST /graphql", status: 200, body: request },
        "graphql",
      );
      send(res, { status: 200, json: { data: policyAnswer } }, rate);
      return;
    }
    if (!/node\(id: \$id\)[\s\S]*IssueComment[\s\S]*editor/.test(request.query ?? "")) {
      this.unhandled.push(`POST /graphql ${request.query?.slice(0, 80) ?? ""}`);
      const reply = { status: 400, json: { errors: [{ message: "the fake does not implement this query" }] } };
      send(res, reply, this.budget.headers("graphql"));
      return;
    }
    const id = Number((request.variables?.id ?? "").replace(/^IC_/, ""));
    const comment = [...this.state.repos.values()].flatMap((r) => r.comments).find((c) => c.id === id);
    const rate = this.record(
      { method: "POST", path: "/graphql", route: "POST /graphql", status: 200, body: request },
      "graphql",
    );
    const editor = comment?.editedBy
      ? {
          __typename: comment.editedBy.endsWith("[bot]") ? "Bot" : "User",
          login: comment.editedBy.replace(/\[bot\]$/, ""),
        }
      : null;
    send(
      res,
      {
        status: 200,
        json: { data: { node: comment ? { lastEditedAt: editor ? comment.updatedAt : null, editor } : null } },
      },
      rate,
    );
  }

  /** Files at commits (GraphQL `object(expression: "<sha>:<path>")` on a Blob), as the licence policy reads them. */
  private blobs(request: { variables?: Record<string, string> }, res: ServerResponse): void {
    const variables = request.variables ?? {};
    const repo = this.state.find(variables["owner"] ?? "", variables["name"] ?? "");
    const rate = this.record(
      { method: "POST", path: "/graphql", route: "POST /graphql", status: 200, body: request },
      "graphql",
    );
    const repository: Record<string, unknown> = {};
    for (const [name, expression] of Object.entries(variables)) {
      if (!/^e\d+$/.test(name)) continue;
      const at = expression.indexOf(":");
      const text = repo?.files.get(expression.slice(0, at))?.get(expression.slice(at + 1));
      repository[`f${name.slice(1)}`] = text === undefined ? null : { text, isBinary: false };
    }
    send(res, { status: 200, json: { data: { repository: repo ? repository : null } } }, rate);
  }

  /** A repository's merge queue for a branch (GraphQL `mergeQueue`), first in line at position 1. */
  private mergeQueue(
    request: { variables?: { owner?: string; name?: string; branch?: string } },
    res: ServerResponse,
  ): void {
    const repo = this.state.find(request.variables?.owner ?? "", request.variables?.name ?? "");
    const rate = this.record(
      { method: "POST", path: "/graphql", route: "POST /graphql", status: 200, body: request },
      "graphql",
    );
    const nodes = (repo?.mergeQueue ?? []).map((e, i) => ({
      position: i + 1,
      headCommit: { oid: e.sha },
      pullRequest: { number: e.number },
    }));
    send(
      res,
      { status: 200, json: { data: { repository: repo ? { mergeQueue: { entries: { nodes } } } : null } } },
      rate,
    );
  }

  /** Artifact downloads redirect here, like GitHub's blob storage; no API rules apply. */
  private blob(url: string, res: ServerResponse): void {
    const id = Number(/\/_blob\/artifacts\/(\d+)\.zip/.exec(url)?.[1]);
    const artifact = [...this.state.repos.values()].flatMap((r) => r.artifacts).find((a) => a.id === id);
    if (!artifact) {
      send(res, { status: 404, json: { message: "Not Found" } });
      return;
    }
    res.writeHead(200, { "content-type": "application/zip", "content-length": artifact.zip.length }).end(artifact.zip);
  }
}

/** The bytes a reply's body is sent as, and their type; undefined when it has none. */
function bodyOf(reply: Reply): { type: string; text: string } | undefined {
  if (reply.text !== undefined) return { type: "text/plain; charset=utf-8", text: reply.text };
  if (reply.json !== undefined) return { type: "application/json; charset=utf-8", text: JSON.stringify(reply.json) };
  return undefined;
}

/**
 * A GET's answer as GitHub gives it: a 200 with the ETag of its body, or a bodiless 304 with that
 * ETag when the request's `If-None-Match` already names it.
 */
function conditional(reply: Reply, ifNoneMatch: string | string[] | undefined): Reply {
  if (reply.status !== 200) return reply;
  const etag = etagOf(bodyOf(reply)?.text ?? "");
  if (notModified(ifNoneMatch, etag)) return { status: 304, headers: { etag } };
  return { ...reply, headers: { ...reply.headers, etag } };
}

/** Sends a reply; GitHub reports the rate limit (`rate`) on every answer. */
function send(res: ServerResponse, reply: Reply, rate: Record<string, string> = {}): void {
  const headers: Record<string, string> = { ...rate, ...reply.headers };
  const body = bodyOf(reply);
  if (body) res.writeHead(reply.status, { "content-type": body.type, ...headers }).end(body.text);
  else res.writeHead(reply.status, headers).end();
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
