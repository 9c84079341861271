import type { IncomingHttpHeaders } from "node:http";
import { appHandlers } from "./app-routes.js";
import { APP, BOT_LOGIN, BRANCH_TIP, type FakePull, type FakeRepo, type FakeState } from "./state.js";

export interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export interface Request {
  state: FakeState;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  headers: IncomingHttpHeaders;
  baseUrl: string;
  blobUrl: string;
}

export type Handler = (req: Request) => Reply;
type Body = Record<string, unknown>;

const notFound: Reply = { status: 404, json: { message: "Not Found" } };
const user = (login: string, type = "User") => ({ login, id: login.length, type });

/** The repository a request names, or a 404 reply. */
function withRepo(req: Request, then: (repo: FakeRepo) => Reply): Reply {
  const repo = req.state.find(req.params["owner"] ?? "", req.params["repo"] ?? "");
  return repo ? then(repo) : notFound;
}

function withPull(req: Request, then: (repo: FakeRepo, pull: FakePull) => Reply): Reply {
  return withRepo(req, (repo) => {
    const pull = repo.pulls.get(Number(req.params["pull_number"] ?? req.params["issue_number"]));
    return pull ? then(repo, pull) : notFound;
  });
}

function repoJson(repo: FakeRepo) {
  return {
    id: repo.id,
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    owner: user(repo.owner, "Organization"),
    default_branch: repo.defaultBranch,
    private: false,
  };
}

function pullJson(repo: FakeRepo, pull: FakePull) {
  return {
    url: `https://api.github.com/repos/${repo.owner}/${repo.name}/pulls/${pull.number}`,
    id: pull.number * 10,
    number: pull.number,
    state: pull.state,
    draft: pull.draft,
    title: pull.title,
    body: pull.body,
    user: user(pull.author, pull.authorType),
    head: { ref: pull.headRef, sha: pull.headSha, repo: repoJson(repo) },
    base: { ref: pull.baseRef, sha: pull.baseSha, repo: repoJson(repo) },
    changed_files: pull.files.length,
    requested_reviewers: pull.requestedUsers.map((login) => user(login)),
    requested_teams: pull.requestedTeams.map((slug) => ({ slug, name: slug })),
    labels: pull.labels.map((name) => ({ name })),
    html_url: `https://github.com/${repo.owner}/${repo.name}/pull/${pull.number}`,
    merged: false,
    ...(pull.createdAt ? { created_at: pull.createdAt, updated_at: pull.updatedAt ?? pull.createdAt } : {}),
  };
}

/** GitHub moves a pull request's `updated_at` on every change to it. */
function touched(pull: FakePull): void {
  if (pull.createdAt)
    pull.updatedAt = new Date(Math.max(Date.now(), Date.parse(pull.updatedAt ?? "") + 1000)).toISOString();
}

/** One page of a list, with GitHub's Link header for the next and last pages. */
function page<T>(req: Request, items: T[], path: string): Reply {
  const perPage = Math.min(100, Number(req.query.get("per_page") ?? 30));
  const number = Number(req.query.get("page") ?? 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number) => `<${req.baseUrl}${path}?per_page=${perPage}&page=${p}>`;
  const headers: Record<string, string> =
    number < last ? { link: `${link(number + 1)}; rel="next", ${link(last)}; rel="last"` } : {};
  return { status: 200, json: items.slice((number - 1) * perPage, number * perPage), headers };
}

const checkRunJson = (run: FakeRepo["checkRuns"][number]) => ({
  ...run,
  html_url: `https://github.com/runs/${run.id}`,
});
const commentJson = (repo: FakeRepo, c: FakeRepo["comments"][number]) => ({
  id: c.id,
  node_id: `IC_${c.id}`,
  body: c.body,
  user: user(c.login, c.type),
  html_url: `https://github.com/${repo.owner}/${repo.name}/pull/${c.issue}#issuecomment-${c.id}`,
  ...(c.updatedAt ? { updated_at: c.updatedAt } : {}),
});

/** A commit as a pull request's commit listing gives it; Copilot and apps' accounts are bots. */
const commitJson = (c: NonNullable<FakePull["commits"]>[number]) => ({
  sha: c.sha,
  commit: {
    message: c.message,
    author: { name: c.author, email: c.authorEmail ?? `${c.author}@users.noreply.github.com` },
    committer: { name: c.committer, email: `${c.committer}@users.noreply.github.com` },
  },
  author: user(c.author, c.author === "Copilot" || c.author.endsWith("[bot]") ? "Bot" : "User"),
  committer: user(c.committer),
});

export const handlers: Record<string, Handler> = {
  ...appHandlers,
  "GET /app": () => ({ status: 200, json: { id: APP.id, slug: APP.slug, name: "Squadgate" } }),

  "POST /app/installations/{installation_id}/access_tokens": (req) =>
    req.state.installations.has(Number(req.params["installation_id"]))
      ? {
          status: 201,
          json: {
            token: `ghs_fake${req.params["installation_id"]}token0123456789abcdef`,
            expires_at: new Date(Date.now() + 3_600_000).toISOString(),
            permissions: {},
          },
        }
      : notFound,

  "GET /repos/{owner}/{repo}/contents/{path}": (req) =>
    withRepo(req, (repo) => {
      // Branches are kept by name; Squadgate asks for them fully qualified (refs/heads/<name>).
      const ref = (req.query.get("ref") ?? repo.defaultBranch).replace(/^refs\/heads\//, "");
      const text = repo.files.get(ref)?.get(req.params["path"] ?? "");
      return text === undefined ? notFound : { status: 200, text };
    }),

  // The history of one path on a branch, as far as Squadgate asks it (whether a file was ever
  // committed): one commit while the file is there, none otherwise.
  "GET /repos/{owner}/{repo}/commits": (req) =>
    withRepo(req, (repo) => {
      const ref = (req.query.get("sha") ?? repo.defaultBranch).replace(/^refs\/heads\//, "");
      const path = req.query.get("path");
      const present = path !== null && repo.files.get(ref)?.has(path);
      return { status: 200, json: present ? [{ sha: "f".repeat(40), commit: { message: `add ${path}` } }] : [] };
    }),

  "GET /repos/{owner}/{repo}/pulls/{pull_number}": (req) =>
    withPull(req, (repo, pull) => ({ status: 200, json: pullJson(repo, pull) })),

  "PATCH /repos/{owner}/{repo}/pulls/{pull_number}": (req) =>
    withPull(req, (repo, pull) => {
      const body = req.body as Body;
      if (typeof body["body"] === "string") pull.body = body["body"];
      touched(pull);
      return { status: 200, json: pullJson(repo, pull) };
    }),

  "GET /repos/{owner}/{repo}/pulls": (req) =>
    withRepo(req, (repo) => {
      const head = req.query.get("head");
      const base = req.query.get("base");
      const pulls = [...repo.pulls.values()].filter(
        (p) => p.state === "open" && (!head || head.endsWith(`:${p.headRef}`)) && (!base || p.baseRef === base),
      );
      return { status: 200, json: pulls.map((p) => pullJson(repo, p)) };
    }),

  "GET /repos/{owner}/{repo}/pulls/{pull_number}/files": (req) =>
    withPull(req, (repo, pull) =>
      page(req, pull.files.slice(0, 3000), `/repos/${repo.owner}/${repo.name}/pulls/${pull.number}/files`),
    ),

  "GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews": (req) =>
    withPull(req, (repo, pull) =>
      page(
        req,
        pull.reviews.map((r) => ({
          id: r.id,
          user: user(r.login),
          state: r.state,
          commit_id: r.commit_id,
          submitted_at: r.submitted_at,
          body: "",
        })),
        `/repos/${repo.owner}/${repo.name}/pulls/${pull.number}/reviews`,
      ),
    ),

  "POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers": (req) =>
    withPull(req, (repo, pull) => {
      const body = req.body as { reviewers?: string[]; team_reviewers?: string[] };
      for (const login of body.reviewers ?? [])
        if (!pull.requestedUsers.includes(login)) pull.requestedUsers.push(login);
      for (const slug of body.team_reviewers ?? [])
        if (!pull.requestedTeams.includes(slug)) pull.requestedTeams.push(slug);
      touched(pull);
      return { status: 201, json: pullJson(repo, pull) };
    }),

  "GET /repos/{owner}/{repo}/commits/{ref}/check-runs": (req) =>
    withRepo(req, (repo) => {
      const name = req.query.get("check_name");
      const appId = req.query.get("app_id");
      const runs = repo.checkRuns.filter(
        (r) => r.head_sha === req.params["ref"] && (!name || r.name === name) && (!appId || String(r.app.id) === appId),
      );
      return { status: 200, json: { total_count: runs.length, check_runs: runs.map(checkRunJson) } };
    }),

  "POST /repos/{owner}/{repo}/check-runs": (req) =>
    withRepo(req, (repo) => {
      const body = req.body as Body;
      const output = (body["output"] ?? {}) as Body;
      const run = {
        id: req.state.id(),
        name: String(body["name"]),
        head_sha: String(body["head_sha"]),
        status: String(body["status"] ?? "queued"),
        conclusion: (body["conclusion"] as string | undefined) ?? null,
        external_id: (body["external_id"] as string | undefined) ?? null,
        output: {
          title: (output["title"] as string) ?? null,
          summary: (output["summary"] as string) ?? null,
          text: (output["text"] as string) ?? null,
        },
        app: APP,
        annotations: (output["annotations"] as Record<string, unknown>[] | undefined) ?? [],
      };
      repo.checkRuns.push(run);
      return { status: 201, json: checkRunJson(run) };
    }),

  "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}": (req) =>
    withRepo(req, (repo) => {
      const run = repo.checkRuns.find((r) => r.id === Number(req.params["check_run_id"]));
      if (!run) return notFound;
      const body = req.body as Body;
      const output = body["output"] as Body | undefined;
      if (body["status"]) run.status = String(body["status"]);
      if (body["conclusion"]) run.conclusion = String(body["conclusion"]);
      if (body["external_id"]) run.external_id = String(body["external_id"]);
      run.annotations = [...(run.annotations ?? []), ...((output?.["annotations"] as Record<string, unknown>[]) ?? [])];
      if (output)
        run.output = {
          title: (output["title"] as string) ?? null,
          summary: (output["summary"] as string) ?? null,
          text: (output["text"] as string) ?? null,
        };
      return { status: 200, json: checkRunJson(run) };
    }),

  // Who put content in a pull request: its author wrote and pushed every commit, unless a test says otherwise.
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/commits": (req) =>
    withPull(req, (repo, pull) =>
      page(
        req,
        pull.commits
          ? pull.commits.map(commitJson)
          : [{ sha: pull.headSha, author: user(pull.author), committer: user("web-flow") } as object],
        `/repos/${repo.owner}/${repo.name}/pulls/${pull.number}/commits`,
      ),
    ),

  "GET /repos/{owner}/{repo}/activity": (req) =>
    withRepo(req, (repo) => {
      const ref = (req.query.get("ref") ?? "").replace(/^refs\/heads\//, "");
      const pulls = [...repo.pulls.values()].filter((p) => p.headRef === ref);
      const pushes = pulls.flatMap((p) =>
        (p.pushers ?? [p.author]).map((login, i) => ({
          id: i,
          node_id: `A_${i}`,
          before: "0".repeat(40),
          after: p.headSha,
          ref: `refs/heads/${ref}`,
          timestamp: new Date().toISOString(),
          activity_type: "push",
          actor: user(login),
        })),
      );
      return { status: 200, json: pushes };
    }),

  "GET /orgs/{org}/teams/{team_slug}/members": (req) => {
    const members = req.state.teams.get(`${req.params["org"]}/${req.params["team_slug"]}`.toLowerCase());
    return members
      ? page(
          req,
          members.map((login) => user(login)),
          `/orgs/${req.params["org"]}/teams/${req.params["team_slug"]}/members`,
        )
      : notFound;
  },

  "GET /repos/{owner}/{repo}/compare/{basehead}": (req) =>
    withRepo(req, (repo) => {
      const basehead = req.params["basehead"] ?? "";
      const files = repo.compares.get(basehead);
      const [base = "", head = ""] = basehead.split("...");
      const mergeBase = { sha: base };
      if (files)
        return {
          status: 200,
          json: {
            status: "ahead",
            merge_base_commit: mergeBase,
            files: files.map((filename) => ({ filename, status: "modified" })),
            commits: [],
          },
        };
      // A pull request's base and head: the merge base is its base commit (what Squadgate asks for large pull requests).
      const pull = [...repo.pulls.values()].find((p) => p.baseSha === base && p.headSha === head);
      if (pull) return { status: 200, json: { status: "ahead", merge_base_commit: mergeBase, files: [], commits: [] } };
      // A baseline run's commit against the branch tip: on the branch unless it was pushed as a tag.
      const run = repo.runs.find((r) => r.head_sha === base);
      if (run && head === BRANCH_TIP)
        return {
          status: 200,
          json: { status: run.tag ? "diverged" : "ahead", merge_base_commit: mergeBase, files: [], commits: [] },
        };
      return notFound;
    }),

  // Trees, for pull requests past the 3,000-file listing: a pull request's head holds all its files
  // (changed), its base holds the ones it modified or removed (as they were).
  "GET /repos/{owner}/{repo}/git/trees/{tree_sha}": (req) =>
    withRepo(req, (repo) => {
      const commit = req.params["tree_sha"] ?? "";
      const pulls = [...repo.pulls.values()];
      const atHead = pulls.find((p) => p.headSha === commit);
      const atBase = pulls.find((p) => p.baseSha === commit);
      if (!atHead && !atBase) return notFound;
      const entries = atHead
        ? atHead.files
            .filter((f) => f.status !== "removed")
            .map((f) => ({ path: f.filename, type: "blob", mode: "100644", sha: "2".repeat(40) }))
        : (atBase as FakePull).files
            .filter((f) => f.status !== "added")
            .map((f) => ({ path: f.filename, type: "blob", mode: "100644", sha: "1".repeat(40) }));
      return {
        status: 200,
        json: {
          sha: commit,
          url: `${req.baseUrl}/repos/${repo.owner}/${repo.name}/git/trees/${commit}`,
          truncated: false,
          tree: entries,
        },
      };
    }),

  "GET /repos/{owner}/{repo}/rules/branches/{branch}": (req) =>
    withRepo(req, (repo) => {
      if (repo.requiredCheck === "none") return { status: 200, json: [] };
      const check = { context: "Squadgate", ...(repo.requiredCheck === "pinned" ? { integration_id: APP.id } : {}) };
      return {
        status: 200,
        json: [
          {
            type: "required_status_checks",
            ruleset_source_type: "Repository",
            ruleset_source: `${repo.owner}/${repo.name}`,
            ruleset_id: 1,
            parameters: { strict_required_status_checks_policy: false, required_status_checks: [check] },
          },
        ],
      };
    }),

  "GET /repos/{owner}/{repo}/branches/{branch}": (req) =>
    withRepo(req, (_repo) => ({
      status: 200,
      json: {
        name: req.params["branch"],
        commit: { sha: BRANCH_TIP },
        protected: false,
        protection: { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
        protection_url: "",
        _links: { self: "", html: "" },
      },
    })),

  "GET /repos/{owner}/{repo}/issues/{issue_number}/comments": (req) =>
    withRepo(req, (repo) => {
      const issue = Number(req.params["issue_number"]);
      return page(
        req,
        repo.comments.filter((c) => c.issue === issue).map((c) => commentJson(repo, c)),
        `/repos/${repo.owner}/${repo.name}/issues/${issue}/comments`,
      );
    }),

  "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": (req) =>
    withRepo(req, (repo) => {
      const comment = {
        id: req.state.id(),
        issue: Number(req.params["issue_number"]),
        body: String((req.body as Body)["body"]),
        login: BOT_LOGIN,
        type: "Bot" as const,
        reactions: [],
        updatedAt: new Date().toISOString(),
      };
      repo.comments.push(comment);
      return { status: 201, json: commentJson(repo, comment) };
    }),

  "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}": (req) =>
    withRepo(req, (repo) => {
      const comment = repo.comments.find((c) => c.id === Number(req.params["comment_id"]));
      if (!comment) return notFound;
      comment.body = String((req.body as Body)["body"]);
      comment.updatedAt = new Date().toISOString();
      comment.editedBy = BOT_LOGIN;
      return { status: 200, json: commentJson(repo, comment) };
    }),

  "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions": (req) =>
    withRepo(req, (repo) => {
      const comment = repo.comments.find((c) => c.id === Number(req.params["comment_id"]));
      if (!comment) return notFound;
      const content = String((req.body as Body)["content"]);
      const exists = comment.reactions.includes(content);
      if (!exists) comment.reactions.push(content);
      return { status: exists ? 200 : 201, json: { id: req.state.id(), content, user: user(BOT_LOGIN, "Bot") } };
    }),

  "POST /repos/{owner}/{repo}/issues/{issue_number}/labels": (req) =>
    withPull(req, (_repo, pull) => {
      for (const label of ((req.body as Body)["labels"] as string[]) ?? [])
        if (!pull.labels.includes(label)) pull.labels.push(label);
      touched(pull);
      return { status: 200, json: pull.labels.map((name) => ({ name })) };
    }),

  "GET /repos/{owner}/{repo}/collaborators/{username}/permission": (req) =>
    withRepo(req, (repo) => {
      const role = repo.collaborators.get(req.params["username"] ?? "") ?? "read";
      const permission = role === "maintain" ? "write" : role === "triage" ? "read" : role;
      return { status: 200, json: { permission, role_name: role, user: user(req.params["username"] ?? "") } };
    }),

  "GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs": (req) =>
    withRepo(req, (repo) => {
      const runs = repo.runs
        .filter((r) => r.workflow === req.params["workflow_id"])
        .filter((r) => !req.query.get("branch") || r.head_branch === req.query.get("branch"))
        .filter((r) => !req.query.get("event") || r.event === req.query.get("event"))
        .filter(
          (r) =>
            !req.query.get("status") ||
            r.conclusion === req.query.get("status") ||
            r.status === req.query.get("status"),
        )
        .reverse();
      return {
        status: 200,
        json: {
          total_count: runs.length,
          workflow_runs: runs
            .slice(0, Number(req.query.get("per_page") ?? 30))
            .map((r) => ({ ...r, html_url: `https://github.com/runs/${r.id}` })),
        },
      };
    }),

  "GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts": (req) =>
    withRepo(req, (repo) => {
      const artifacts = repo.artifacts.filter(
        (a) => a.runId === Number(req.params["run_id"]) && (!req.query.get("name") || a.name === req.query.get("name")),
      );
      return {
        status: 200,
        json: {
          total_count: artifacts.length,
          artifacts: artifacts.map((a) => ({
            id: a.id,
            name: a.name,
            size_in_bytes: a.zip.length,
            expired: a.expired ?? false,
          })),
        },
      };
    }),

  "GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}": (req) =>
    withRepo(req, (repo) => {
      const artifact = repo.artifacts.find((a) => a.id === Number(req.params["artifact_id"]));
      if (!artifact) return notFound;
      if (artifact.expired) return { status: 410, json: { message: "Artifact has expired" } };
      return { status: 302, headers: { location: `${req.blobUrl}/artifacts/${artifact.id}.zip` } };
    }),

  "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches": (req) =>
    withRepo(req, (repo) => {
      const body = req.body as { ref: string; inputs?: Record<string, string> };
      repo.dispatches.push({ workflow: req.params["workflow_id"] ?? "", ref: body.ref, inputs: body.inputs ?? {} });
      return { status: 204 };
    }),

  "GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls": (req) =>
    withRepo(req, (repo) => ({
      status: 200,
      json: [...repo.pulls.values()]
        .filter((p) => p.headSha === req.params["commit_sha"])
        .map((p) => pullJson(repo, p)),
    })),
};
