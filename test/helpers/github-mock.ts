import { createHash } from "node:crypto";
import nock from "nock";
import { limitRefusal } from "./github-limits.js";
import { roundTrips } from "./round-trips.js";

export const API = "https://api.github.com";
/** The app id Squadgate learns from `GET /app` in tests: only check runs of this app are its own. */
export const APP_ID = 1;
/** Where every branch's tip is in tests, unless a test says otherwise. */
export const BRANCH_TIP = "e".repeat(40);
export const RAW = { "content-type": "application/vnd.github.raw; charset=utf-8" };

/** A commit as a pull request's commit listing gives it: who authored and committed it (logins), and its message. */
export interface PulledCommit {
  sha?: string;
  author?: string;
  authorEmail?: string;
  committer?: string;
  message?: string;
}

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
  /** Of `calls`, those answered 304 Not Modified (free on GitHub: they do not count against the rate limit). */
  notModified = 0;
  /** Rate-limit headers every GET answer carries (none unless a test sets them with `rateLimit`). */
  private rateHeaders: Record<string, string> = {};
  /** Sequential round trips so far (counted where the app makes its requests: `round-trips.ts`). */
  get roundTrips(): number {
    return roundTrips.count;
  }

  constructor(
    readonly owner: string,
    readonly repo: string,
  ) {
    roundTrips.reset();
    this.answerConditionally();
    // Squadgate asks who it is (its bot login and app id) once per process, like the token exchange:
    // answered here for every test, and left out of the counts.
    this.scope.get("/app").optionally().reply(200, { id: APP_ID, slug: "squadgate", name: "Squadgate" });
    // Before writing its check run Squadgate reads how the base branch requires it (once an hour per
    // branch). Unless a test says otherwise with `branchRules`, the rulesets cannot be read (so no
    // note) and branches are unprotected, with their tip at BRANCH_TIP.
    const rulesPath = (uri: string) => !this.rulesGiven && /\/rules\/branches\/[^/?]+(\?|$)/.test(uri);
    const branchPath = (uri: string) => !this.rulesGiven && /\/repos\/[^/]+\/[^/]+\/branches\/[^/?]+$/.test(uri);
    this.scope
      .get(rulesPath)
      .query(true)
      .times(1000)
      .optionally()
      .reply(403, { message: "Resource not accessible by integration" });
    // Once someone's approval could count, Squadgate reads who put content in the pull request.
    // Unless a test says otherwise with `pushedBy`, only its author did (the fixtures' Codertocat).
    const commitsPath = (uri: string) => !this.pushersGiven && /\/pulls\/\d+\/commits(\?|$)/.test(uri);
    const activityPath = (uri: string) => !this.pushersGiven && /\/activity(\?|$)/.test(uri);
    this.scope
      .get(commitsPath)
      .query(true)
      .times(1000)
      .optionally()
      .reply(200, [{ sha: "1".repeat(40), author: { login: "Codertocat" }, committer: { login: "web-flow" } }]);
    this.scope
      .get(activityPath)
      .query(true)
      .times(1000)
      .optionally()
      .reply(200, [{ id: 1, activity_type: "push", ref: "refs/heads/changes", actor: { login: "Codertocat" } }]);
    this.scope
      .get(branchPath)
      .times(1000)
      .optionally()
      .reply(200, (uri) => ({ name: uri.split("/").at(-1), commit: { sha: BRANCH_TIP }, protected: false }));
    this.scope.on("request", (req: { method: string; path: string }, _interceptor: unknown, body: string) => {
      if (req.path === "/app") return;
      this.calls.push({
        method: req.method,
        path: decodeURIComponent(req.path),
        ...(body ? { body: JSON.parse(body) } : {}),
      });
    });
  }

  /**
   * Every GET answered 200 carries an ETag derived from its body, and a GET whose `If-None-Match`
   * names the ETag its answer would have is answered 304 with no body, as GitHub does: a test sets
   * up the same answers again and sees what Squadgate's conditional requests spare.
   */
  private answerConditionally(): void {
    const get = this.scope.get.bind(this.scope);
    const mock = this;
    this.scope.get = ((...args: Parameters<typeof get>) => {
      const interceptor = get(...args);
      const reply = interceptor.reply.bind(interceptor) as (...a: unknown[]) => nock.Scope;
      interceptor.reply = ((status: unknown, body?: unknown, headers?: Record<string, string>) => {
        if (status !== 200) return reply(status, body, headers);
        return reply(function (this: { req: { headers: Record<string, string> } }, uri: string, sent: unknown) {
          const data = typeof body === "function" ? body.call(this, uri, sent) : body;
          const etag = `W/"${createHash("sha1")
            .update(typeof data === "string" || Buffer.isBuffer(data) ? data : JSON.stringify(data ?? ""))
            .digest("hex")}"`;
          if (this.req.headers["if-none-match"] === etag) {
            mock.notModified++;
            return [304, "", { etag, ...mock.rateHeaders }];
          }
          return [200, data, { ...headers, etag, ...mock.rateHeaders }];
        });
      }) as typeof interceptor.reply;
      return interceptor;
    }) as typeof get;
  }

  /** GitHub's answers say this much of the installation's hourly budget is left. */
  rateLimit(remaining: number, limit = 5000): this {
    this.rateHeaders = {
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-remaining": String(remaining),
      "x-ratelimit-reset": String(Date.UTC(2026, 11, 2, 12) / 1000),
      "x-ratelimit-resource": "core",
    };
    return this;
  }

  get repoPath(): string {
    return `/repos/${this.owner}/${this.repo}`;
  }

  /** Forgets what was spent so far, to measure the next delivery alone. */
  resetCounters(): void {
    this.calls.length = 0;
    this.notModified = 0;
    roundTrips.reset();
  }

  /** Calls as `METHOD path` lines, for compact assertions. */
  get lines(): string[] {
    return this.calls.map((c) => `${c.method} ${c.path}`);
  }

  /** Requests that change something: not GETs, nor GraphQL queries (POSTed, but reads). */
  get writes(): RecordedCall[] {
    return this.calls.filter((c) => c.method !== "GET" && c.path !== "/graphql");
  }

  /**
   * A file at a ref (`text`), or missing (`null`). A branch name is asked for fully qualified
   * (`refs/heads/<name>`), as Squadgate does so that a tag of the same name cannot stand in for it.
   */
  file(path: string, ref: string | undefined, text: string | null, repo = this.repo): this {
    const query =
      ref === undefined
        ? {}
        : { ref: /^[0-9a-f]{40}$/.test(ref) || ref.startsWith("refs/") ? ref : `refs/heads/${ref}` };
    const interceptor = this.scope
      .get(`/repos/${this.owner}/${repo}/contents/${encodeURIComponent(path)}`)
      .query(query);
    if (text === null) interceptor.reply(404, { message: "Not Found" });
    else interceptor.reply(200, text, RAW);
    return this;
  }

  /**
   * The commits on branch `ref` that touched squadgate.yml (at most one is asked for): Squadgate
   * asks once it has found a branch without its config, and then asks only this, conditionally.
   */
  configHistory(ref: string, commits: object[] = []): this {
    this.scope
      .get(`${this.repoPath}/commits`)
      .query({ sha: `refs/heads/${ref}`, path: ".github/squadgate.yml", per_page: "1" })
      .reply(200, commits);
    return this;
  }

  /** squadgate.yml on `ref`; when missing, Probot also asks the org's `.github` repository. */
  config(ref: string, yaml: string | null): this {
    this.file(".github/squadgate.yml", ref, yaml);
    if (yaml === null) this.file(".github/squadgate.yml", undefined, null, ".github");
    return this;
  }

  private rulesGiven = false;
  private pushersGiven = false;

  /**
   * Who put content in pull request `number`: the accounts its commits name (author and committer),
   * and who pushed to its head branch `ref` (GitHub's activity log; `null` when it cannot be read).
   */
  pushedBy(number: number, opts: { commits: PulledCommit[]; ref?: string; pushes: string[] | null }): this {
    this.pushersGiven = true;
    const commits = opts.commits.map((c, i) => ({
      sha: c.sha ?? String(i).padStart(40, "0"),
      author: c.author
        ? { login: c.author, type: c.author.endsWith("[bot]") || c.author === "Copilot" ? "Bot" : "User" }
        : null,
      committer: c.committer ? { login: c.committer, type: "User" } : null,
      ...(c.message !== undefined
        ? {
            commit: {
              message: c.message,
              author: {
                name: c.author ?? "",
                email: c.authorEmail ?? `${c.author ?? "someone"}@users.noreply.github.com`,
              },
              committer: { name: c.committer ?? "", email: `${c.committer ?? "someone"}@users.noreply.github.com` },
            },
          }
        : {}),
    }));
    this.scope.get(`${this.repoPath}/pulls/${number}/commits`).query({ per_page: "100" }).reply(200, commits);
    const activity = this.scope
      .get(`${this.repoPath}/activity`)
      .query({ ref: `refs/heads/${opts.ref ?? "changes"}`, per_page: "100" });
    if (opts.pushes === null) activity.reply(403, { message: "Resource not accessible by integration" });
    else
      activity.reply(
        200,
        opts.pushes.map((login, i) => ({
          id: i,
          activity_type: "push",
          ref: `refs/heads/${opts.ref ?? "changes"}`,
          actor: { login },
        })),
      );
    return this;
  }

  /**
   * How `branch` requires checks: ruleset rules (`required_status_checks` with `integration_id`) and
   * classic protection (`checks` with `app_id`), as GitHub's two endpoints show them.
   */
  branchRules(
    branch: string,
    opts: {
      ruleset?: { context: string; integration_id?: number }[];
      classic?: { context: string; app_id: number | null }[];
    },
  ): this {
    this.rulesGiven = true;
    const rules = opts.ruleset
      ? [
          {
            type: "required_status_checks",
            parameters: { strict_required_status_checks_policy: false, required_status_checks: opts.ruleset },
          },
        ]
      : [];
    this.scope.get(`${this.repoPath}/rules/branches/${branch}`).query({ per_page: "100" }).reply(200, rules);
    const protection = opts.classic
      ? {
          enabled: true,
          required_status_checks: {
            enforcement_level: "everyone",
            contexts: opts.classic.map((c) => c.context),
            checks: opts.classic,
          },
        }
      : undefined;
    this.scope.get(`${this.repoPath}/branches/${branch}`).reply(200, {
      name: branch,
      commit: { sha: BRANCH_TIP },
      protected: protection !== undefined,
      ...(protection ? { protection } : {}),
    });
    return this;
  }

  /** Pull requests served so far, so that the head's reads can list those at a commit. */
  private readonly served = new Map<number, { head?: { sha?: string }; state?: string }>();

  /**
   * The live pull request. The gate reads it alone only when the pull requests at its head do not
   * show it (or the agent policy needs its commit count), so the read is optional. With
   * `read: false` the pull request is only listed at its head (`checkRuns`), so that a later
   * `pull()` is the answer to the next read.
   */
  pull(number: number, pr: object, opts: { read?: boolean } = {}): this {
    this.served.set(number, pr as { head?: { sha?: string } });
    if (opts.read !== false) this.scope.get(`${this.repoPath}/pulls/${number}`).optionally().reply(200, pr);
    return this;
  }

  /** The PR's files, served 100 per page with Link headers as GitHub does. */
  files(number: number, files: object[]): this {
    const pages = Math.max(1, Math.ceil(files.length / 100));
    for (let page = 1; page <= pages; page++) {
      const link: Record<string, string> =
        page < pages
          ? {
              link: `<${API}${this.repoPath}/pulls/${number}/files?per_page=100&page=${page + 1}>; rel="next", <${API}${this.repoPath}/pulls/${number}/files?per_page=100&page=${pages}>; rel="last"`,
            }
          : {};
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

  /**
   * The reads of a head commit: check runs named Squadgate on `sha`, as GitHub lists them for our
   * app (runs default to being ours), and the open pull requests associated with it, by default
   * those served by `pull()` whose head is `sha` (register `pull()` first).
   */
  checkRuns(sha: string, runs: object[], pullsAtHead?: object[]): this {
    this.headPulls(
      sha,
      pullsAtHead ?? [...this.served.values()].filter((pr) => pr.head?.sha === sha && pr.state !== "closed"),
    );
    return this.checkRunsOnly(sha, runs);
  }

  /** Only the listing of our check runs on `sha` (read alone before a write to the head). */
  checkRunsOnly(sha: string, runs: object[]): this {
    this.scope
      .get(`${this.repoPath}/commits/${sha}/check-runs`)
      .query({ check_name: "Squadgate", app_id: String(APP_ID), filter: "all", per_page: "100" })
      .reply(200, {
        total_count: runs.length,
        check_runs: runs.map((run) => ({ app: { id: APP_ID }, status: "completed", ...run })),
      });
    return this;
  }

  /** The open pull requests GitHub associates with commit `sha`. */
  headPulls(sha: string, pulls: object[]): this {
    this.scope.get(`${this.repoPath}/commits/${sha}/pulls`).query({ per_page: "100" }).reply(200, pulls);
    return this;
  }

  /** Every open pull request, as the listing by state gives them (one page). */
  openPulls(pulls: object[]): this {
    this.scope.get(`${this.repoPath}/pulls`).query({ state: "open", per_page: "100" }).reply(200, pulls);
    return this;
  }

  teamMembers(org: string, slug: string, logins: string[]): this {
    this.scope
      .get(`/orgs/${org}/teams/${slug}/members`)
      .query({ per_page: "100" })
      .reply(
        200,
        logins.map((login) => ({ login })),
      );
    return this;
  }

  compare(base: string, head: string, response: { status: string; files: string[] } | 404): this {
    const interceptor = this.scope.get(`${this.repoPath}/compare/${base}...${head}`).query({ per_page: "1" });
    if (response === 404) interceptor.reply(404, { message: "Not Found" });
    else
      interceptor.reply(200, {
        status: response.status,
        files: response.files.map((filename) => ({ filename, status: "modified" })),
      });
    return this;
  }

  /** The comparison Squadgate makes to find the merge base of a large pull request. */
  mergeBase(base: string, head: string, mergeBaseSha: string): this {
    this.scope
      .get(`${this.repoPath}/compare/${base}...${head}`)
      .query({ per_page: "1" })
      .reply(200, { status: "ahead", merge_base_commit: { sha: mergeBaseSha }, files: [], commits: [] });
    return this;
  }

  /** A commit's recursive tree: `paths` as files whose content is named by `version` (change it to change the file). */
  tree(commit: string, paths: string[], opts: { version?: (path: string) => string; truncated?: boolean } = {}): this {
    const sha = (path: string) => opts.version?.(path) ?? "1".repeat(40);
    this.scope
      .get(`${this.repoPath}/git/trees/${commit}`)
      .query({ recursive: "1" })
      .reply(200, {
        sha: commit,
        truncated: opts.truncated ?? false,
        tree: paths.map((path) => ({ path, mode: "100644", type: "blob", sha: sha(path) })),
      });
    return this;
  }

  createCheck(id = 1): this {
    this.scope
      .post(`${this.repoPath}/check-runs`)
      .reply((_uri, body) => limitRefusal("check", body) ?? [201, { id, ...(body as object) }]);
    return this;
  }

  updateCheck(id: number): this {
    this.scope
      .patch(`${this.repoPath}/check-runs/${id}`)
      .reply((_uri, body) => limitRefusal("check", body) ?? [200, { id, ...(body as object) }]);
    return this;
  }

  requestReviewers(number: number, status = 201, message?: string): this {
    this.scope
      .post(`${this.repoPath}/pulls/${number}/requested_reviewers`)
      .reply((_uri, body) => limitRefusal("reviewers", body) ?? [status, status < 300 ? {} : { message }]);
    return this;
  }

  /** `role` as GitHub names it; a custom role needs `base`, the built-in role it builds on. */
  permission(username: string, role: string, base?: string): this {
    const permission = base ?? (role === "maintain" ? "write" : role === "triage" ? "read" : role);
    this.scope
      .get(`${this.repoPath}/collaborators/${username}/permission`)
      .reply(200, { permission, role_name: role, user: { login: username } });
    return this;
  }

  comments(number: number, comments: object[]): this {
    this.scope.get(`${this.repoPath}/issues/${number}/comments`).query({ per_page: "100" }).reply(200, comments);
    return this;
  }

  createComment(number: number, id = 500): this {
    this.scope
      .post(`${this.repoPath}/issues/${number}/comments`)
      .reply((_uri, body) => limitRefusal("body", body) ?? [201, { id, ...(body as object) }]);
    return this;
  }

  updateComment(id: number): this {
    this.scope
      .patch(`${this.repoPath}/issues/comments/${id}`)
      .reply((_uri, body) => limitRefusal("body", body) ?? [200, { id, ...(body as object) }]);
    return this;
  }

  reaction(commentId: number): this {
    this.scope
      .post(`${this.repoPath}/issues/comments/${commentId}/reactions`)
      .reply(201, (_uri, body) => ({ id: 1, ...(body as object) }));
    return this;
  }

  addLabels(number: number): this {
    this.scope.post(`${this.repoPath}/issues/${number}/labels`).reply(200, []);
    return this;
  }

  runArtifacts(
    runId: number,
    artifacts: { id: number; name?: string; size_in_bytes?: number; expired?: boolean }[],
  ): this {
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
    nock("https://blob.example.test")
      .get(`/artifacts/${artifactId}.zip`)
      .reply(200, zip, { "content-type": "application/zip" });
    return this;
  }

  /**
   * The newest successful push runs of `workflow` named `branch` (newest first), and whether each
   * commit is on the branch (compared with its tip; `onBranch: false` for one pushed as a tag of that name).
   */
  baselineRun(
    workflow: string,
    branch: string,
    run: { id: number; head_sha: string; onBranch?: boolean } | undefined,
    older: { id: number; head_sha: string; onBranch?: boolean }[] = [],
  ): this {
    const runs = run ? [run, ...older] : [];
    this.scope
      .get(`${this.repoPath}/actions/workflows/${workflow}/runs`)
      .query({ branch, event: "push", status: "success", per_page: "5" })
      .reply(200, {
        total_count: runs.length,
        workflow_runs: runs.map(({ onBranch: _, ...r }) => ({ ...r, html_url: `https://github.com/runs/${r.id}` })),
      });
    for (const candidate of runs) {
      // Asked once per commit and then cached, so optional here.
      this.scope
        .get(`${this.repoPath}/compare/${candidate.head_sha}...${BRANCH_TIP}`)
        .query({ per_page: "1" })
        .optionally()
        .reply(200, {
          status: candidate.onBranch === false ? "diverged" : "ahead",
          merge_base_commit: { sha: candidate.head_sha },
          files: [],
          commits: [],
        });
    }
    return this;
  }

  /** Our check run as GitHub stores it after the last write to it (create or update), listed under `id`. */
  writtenCheck(id: number): Record<string, unknown> {
    const call = this.calls.filter((c) => c.method !== "GET" && /\/check-runs(\/\d+)?$/.test(c.path)).at(-1);
    if (!call) throw new Error(`no check run written in:\n${this.lines.join("\n")}`);
    const body = call.body as Record<string, unknown>;
    return {
      id,
      name: "Squadgate",
      external_id: body["external_id"],
      status: body["status"],
      conclusion: body["conclusion"],
      output: body["output"],
    };
  }

  /**
   * Who last edited the comment with `nodeId`, as GitHub's GraphQL API records it: nobody since it
   * was written (null), or an account (`bot` for an app, whose login comes without `[bot]`).
   */
  commentEditor(nodeId: string, editor: { login: string; bot?: boolean } | null): this {
    this.scope
      .post("/graphql", (body: { variables?: { id?: string } }) => body.variables?.id === nodeId)
      .reply(200, {
        data: {
          node: editor
            ? {
                lastEditedAt: "2026-11-22T10:05:00Z",
                editor: { __typename: editor.bot ? "Bot" : "User", login: editor.login },
              }
            : { lastEditedAt: null, editor: null },
        },
      });
    return this;
  }

  /**
   * Earlier versions of the pull request's description, as GitHub's edit history gives them to one
   * GraphQL query (both ends of the history; here all of it). `text: null` is a revision someone
   * deleted from the history.
   */
  descriptionHistory(revisions: { editedAt: string; text: string | null; deletedBy?: string }[]): this {
    const nodes = revisions.map((r, i) => ({
      id: `UCE_${i}`,
      editedAt: r.editedAt,
      deletedAt: r.text === null ? r.editedAt : null,
      diff: r.text,
      editor: { login: "someone" },
      deletedBy: r.deletedBy ? { login: r.deletedBy } : null,
    }));
    this.scope
      .post("/graphql", (body: { query?: string }) => /userContentEdits/.test(body.query ?? ""))
      .reply(200, {
        data: {
          repository: {
            pullRequest: {
              oldest: { totalCount: nodes.length, nodes },
              newest: { totalCount: nodes.length, nodes: [...nodes].reverse() },
            },
          },
        },
      });
    return this;
  }

  /**
   * Files at commits, as the one GraphQL query of `object(expression: "<sha>:<path>")` lookups gets
   * them (the licence policy's cards and configs, the providers policy's model configs and prompts):
   * `texts` maps `<sha>:<path>` to the file's text (absent: no such file).
   */
  blobs(texts: Record<string, string>): this {
    this.scope
      .post("/graphql", (body: { query?: string }) => /object\(expression: \$e0\)/.test(body.query ?? ""))
      .reply(200, (_uri, body) => {
        const variables = (body as { variables: Record<string, string> }).variables;
        const repository: Record<string, unknown> = {};
        for (const [name, expression] of Object.entries(variables)) {
          if (!/^e\d+$/.test(name)) continue;
          const text = texts[expression];
          repository[`f${name.slice(1)}`] =
            text === undefined
              ? null
              : { byteSize: Buffer.byteLength(text), isBinary: false, isTruncated: false, text };
        }
        return { data: { repository } };
      });
    return this;
  }

  /** The last body sent to a write matching `method` and a path fragment. */
  bodyOf(method: string, pathPart: string): Record<string, unknown> {
    const call = this.calls.filter((c) => c.method === method && c.path.includes(pathPart)).at(-1);
    if (!call) throw new Error(`no ${method} ${pathPart} in:\n${this.lines.join("\n")}`);
    return call.body as Record<string, unknown>;
  }
}
