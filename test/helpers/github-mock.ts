import nock from "nock";
import { limitRefusal } from "./github-limits.js";

export const API = "https://api.github.com";
export const RAW = { "content-type": "application/vnd.github.raw; charset=utf-8" };

export interface RecordedCall {
  method: string;
  /** Decoded path with query, e.g. `GET /repos/acme/bot/contents/.github/squadgate.yml?ref=main`. */
  path: string;
  body?: unknown;
}

/**
 * nock scope for the GitHub REST API that records every request the app makes, so tests can assert
 * the exact calls (and count them against the API budget). Writes past GitHub's limits are refused
 * with 422, as GitHub refuses them (`github-limits.ts`).
 */
export class GitHubMock {
  readonly scope = nock(API);
  readonly calls: RecordedCall[] = [];
  /** Sequential round trips so far: a request's depth is one more than the deepest reply received before it started. */
  roundTrips = 0;
  private readonly depths = new Map<object, number>();
  private deepestReplied = 0;

  constructor(readonly owner: string, readonly repo: string) {
    this.scope.on("request", (req: { method: string; path: string }, _interceptor: unknown, body: string) => {
      this.calls.push({ method: req.method, path: decodeURIComponent(req.path), ...(body ? { body: JSON.parse(body) } : {}) });
      const depth = this.deepestReplied + 1;
      this.depths.set(req, depth);
      this.roundTrips = Math.max(this.roundTrips, depth);
    });
    this.scope.on("replied", (req: object) => {
      this.deepestReplied = Math.max(this.deepestReplied, this.depths.get(req) ?? 0);
    });
  }

  get repoPath(): string {
    return `/repos/${this.owner}/${this.repo}`;
  }

  /** Forgets what was spent so far, to measure the next delivery alone. */
  resetCounters(): void {
    this.calls.length = 0;
    this.roundTrips = 0;
    this.deepestReplied = 0;
    this.depths.clear();
  }

  /** Calls as `METHOD path` lines, for compact assertions. */
  get lines(): string[] {
    return this.calls.map((c) => `${c.method} ${c.path}`);
  }

  get writes(): RecordedCall[] {
    return this.calls.filter((c) => c.method !== "GET");
  }

  /** A file at a ref (`text`), or missing (`null`). */
  file(path: string, ref: string | undefined, text: string | null, repo = this.repo): this {
    const query = ref === undefined ? {} : { ref };
    const interceptor = this.scope.get(`/repos/${this.owner}/${repo}/contents/${encodeURIComponent(path)}`).query(query);
    if (text === null) interceptor.reply(404, { message: "Not Found" });
    else interceptor.reply(200, text, RAW);
    return this;
  }

  /** squadgate.yml on `ref`; when missing, Probot also asks the org's `.github` repository. */
  config(ref: string, yaml: string | null): this {
    this.file(".github/squadgate.yml", ref, yaml);
    if (yaml === null) this.file(".github/squadgate.yml", undefined, null, ".github");
    return this;
  }

  pull(number: number, pr: object): this {
    this.scope.get(`${this.repoPath}/pulls/${number}`).reply(200, pr);
    return this;
  }

  /** The PR's files, served 100 per page with Link headers as GitHub does. */
  files(number: number, files: object[]): this {
    const pages = Math.max(1, Math.ceil(files.length / 100));
    for (let page = 1; page <= pages; page++) {
      const link: Record<string, string> =
        page < pages ? { link: `<${API}${this.repoPath}/pulls/${number}/files?per_page=100&page=${page + 1}>; rel="next", <${API}${this.repoPath}/pulls/${number}/files?per_page=100&page=${pages}>; rel="last"` } : {};
      this.scope
        .get(`${this.repoPath}/pulls/${number}/files`)
        .query(page === 1 ? { per_page: "100" } : { per_page: "100", page: String(page) })
        .reply(200, files.slice((page - 1) * 100, page * 100), link);
    }
    return this;
  }

  reviews(number: number, reviews: object[]): this {
    this.scope.get(`${this.repoPath}/pulls/${number}/reviews`).query({ per_page: "100" }).reply(200, reviews);
    return this;
  }

  checkRuns(sha: string, runs: object[]): this {
    this.scope
      .get(`${this.repoPath}/commits/${sha}/check-runs`)
      .query({ check_name: "Squadgate", filter: "all", per_page: "100" })
      .reply(200, { total_count: runs.length, check_runs: runs });
    return this;
  }

  teamMembers(org: string, slug: string, logins: string[]): this {
    this.scope.get(`/orgs/${org}/teams/${slug}/members`).query({ per_page: "100" }).reply(200, logins.map((login) => ({ login })));
    return this;
  }

  compare(base: string, head: string, response: { status: string; files: string[] } | 404): this {
    const interceptor = this.scope.get(`${this.repoPath}/compare/${base}...${head}`).query({ per_page: "1" });
    if (response === 404) interceptor.reply(404, { message: "Not Found" });
    else interceptor.reply(200, { status: response.status, files: response.files.map((filename) => ({ filename, status: "modified" })) });
    return this;
  }

  createCheck(id = 1): this {
    this.scope.post(`${this.repoPath}/check-runs`).reply((_uri, body) => limitRefusal("check", body) ?? [201, { id, ...(body as object) }]);
    return this;
  }

  updateCheck(id: number): this {
    this.scope.patch(`${this.repoPath}/check-runs/${id}`).reply((_uri, body) => limitRefusal("check", body) ?? [200, { id, ...(body as object) }]);
    return this;
  }

  requestReviewers(number: number, status = 201, message?: string): this {
    this.scope.post(`${this.repoPath}/pulls/${number}/requested_reviewers`).reply((_uri, body) => limitRefusal("reviewers", body) ?? [status, status < 300 ? {} : { message }]);
    return this;
  }

  /** `GET /app`, which Squadgate asks once per process to learn its bot login. */
  appIdentity(slug = "squadgate"): this {
    this.scope.get("/app").reply(200, { id: 1, slug, name: "Squadgate" });
    return this;
  }

  /** `role` as GitHub names it; a custom role needs `base`, the built-in role it builds on. */
  permission(username: string, role: string, base?: string): this {
    const permission = base ?? (role === "maintain" ? "write" : role === "triage" ? "read" : role);
    this.scope.get(`${this.repoPath}/collaborators/${username}/permission`).reply(200, { permission, role_name: role, user: { login: username } });
    return this;
  }

  comments(number: number, comments: object[]): this {
    this.scope.get(`${this.repoPath}/issues/${number}/comments`).query({ per_page: "100" }).reply(200, comments);
    return this;
  }

  createComment(number: number, id = 500): this {
    this.scope.post(`${this.repoPath}/issues/${number}/comments`).reply((_uri, body) => limitRefusal("body", body) ?? [201, { id, ...(body as object) }]);
    return this;
  }

  updateComment(id: number): this {
    this.scope.patch(`${this.repoPath}/issues/comments/${id}`).reply((_uri, body) => limitRefusal("body", body) ?? [200, { id, ...(body as object) }]);
    return this;
  }

  reaction(commentId: number): this {
    this.scope.post(`${this.repoPath}/issues/comments/${commentId}/reactions`).reply(201, (_uri, body) => ({ id: 1, ...(body as object) }));
    return this;
  }

  addLabels(number: number): this {
    this.scope.post(`${this.repoPath}/issues/${number}/labels`).reply(200, []);
    return this;
  }

  runArtifacts(runId: number, artifacts: { id: number; name?: string; size_in_bytes?: number; expired?: boolean }[]): this {
    this.scope
      .get(`${this.repoPath}/actions/runs/${runId}/artifacts`)
      .query({ name: "squadgate-evals", per_page: "10" })
      .reply(200, {
        total_count: artifacts.length,
        artifacts: artifacts.map((a) => ({ name: "squadgate-evals", size_in_bytes: 2000, expired: false, ...a })),
      });
    return this;
  }

  /** The artifact download: GitHub redirects to blob storage, which serves the zip. */
  artifactZip(artifactId: number, zip: Buffer): this {
    this.scope
      .get(`${this.repoPath}/actions/artifacts/${artifactId}/zip`)
      .reply(302, undefined, { location: `https://blob.example.test/artifacts/${artifactId}.zip` });
    nock("https://blob.example.test").get(`/artifacts/${artifactId}.zip`).reply(200, zip, { "content-type": "application/zip" });
    return this;
  }

  baselineRun(workflow: string, branch: string, run: { id: number; head_sha: string } | undefined): this {
    this.scope
      .get(`${this.repoPath}/actions/workflows/${workflow}/runs`)
      .query({ branch, event: "push", status: "success", per_page: "1" })
      .reply(200, { total_count: run ? 1 : 0, workflow_runs: run ? [{ ...run, html_url: `https://github.com/runs/${run.id}` }] : [] });
    return this;
  }

  /** The last body sent to a write matching `method` and a path fragment. */
  bodyOf(method: string, pathPart: string): Record<string, unknown> {
    const call = this.calls.filter((c) => c.method === method && c.path.includes(pathPart)).at(-1);
    if (!call) throw new Error(`no ${method} ${pathPart} in:\n${this.lines.join("\n")}`);
    return call.body as Record<string, unknown>;
  }
}
