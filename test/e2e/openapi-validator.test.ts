import { beforeAll, describe, expect, it } from "vitest";
import { loadGitHubApi, type ApiCheck, type ApiValidator } from "./fake-github/openapi-validator.js";

/** The fake GitHub's gatekeeper: requests the app makes must be ones GitHub's OpenAPI description allows. */
let api: ApiValidator;

beforeAll(async () => {
  api = await loadGitHubApi();
}, 30_000);

function passes(method: string, path: string, body?: unknown): ApiCheck {
  const result = api.check(method, path, body);
  if (!result.ok) throw new Error(`expected ${method} ${path} to pass: ${result.error}`);
  return result;
}

function fails(method: string, path: string, body?: unknown): string {
  const result = api.check(method, path, body);
  if (result.ok) throw new Error(`expected ${method} ${path} to fail; it matched ${result.route}`);
  expect(result.error).toContain(`${method} ${path}`);
  return result.error;
}

const checkRun = {
  name: "Squadgate",
  head_sha: "a".repeat(40),
  status: "completed",
  conclusion: "action_required",
  completed_at: "2024-05-01T12:00:00Z",
  output: {
    title: "Waiting on ds",
    summary: "**ds** must review",
    annotations: [
      { path: "prompts/a.txt", start_line: 1, end_line: 1, annotation_level: "warning", message: "owned by ds" },
    ],
  },
  actions: [{ label: "Re-check", description: "Evaluate again", identifier: "recheck" }],
};

describe("routes", () => {
  it("matches a route and names its operation and parameters", () => {
    expect(passes("POST", "/repos/o/r/check-runs", checkRun)).toEqual({
      ok: true,
      operationId: "checks/create",
      route: "POST /repos/{owner}/{repo}/check-runs",
      params: { owner: "o", repo: "r" },
    });
  });

  it("rejects a route GitHub does not have", () => {
    expect(fails("GET", "/nope")).toContain("no such route in GitHub's OpenAPI description");
  });

  it("names the methods a known path does allow", () => {
    expect(fails("PUT", "/repos/o/r/check-runs")).toMatch(/no such route.*allows POST/);
  });

  it("prefers a literal segment to a template segment", () => {
    expect(passes("GET", "/repos/o/r/pulls/comments").route).toBe("GET /repos/{owner}/{repo}/pulls/comments");
    expect(passes("GET", "/repos/o/r/pulls/2").route).toBe("GET /repos/{owner}/{repo}/pulls/{pull_number}");
  });

  it("keeps an encoded slash inside its parameter and decodes it", () => {
    const result = passes("GET", "/repos/o/r/contents/.github%2Fsquadgate.yml?ref=main");
    expect(result.route).toBe("GET /repos/{owner}/{repo}/contents/{path}");
    expect(result.params).toEqual({ owner: "o", repo: "r", path: ".github/squadgate.yml" });
  });

  it("lets a multi-segment parameter span unencoded slashes, as GitHub does", () => {
    expect(passes("GET", "/repos/o/r/contents/.github/squadgate.yml").params["path"]).toBe(".github/squadgate.yml");
    expect(passes("GET", "/repos/o/r/commits/feature/x/check-runs").params["ref"]).toBe("feature/x");
  });

  it("serves Octokit's legacy /compare/{base}...{head} spelling through GitHub's /compare/{basehead}", () => {
    expect(passes("GET", "/repos/o/r/compare/main...feature%2Fx").params["basehead"]).toBe("main...feature/x");
  });

  it("matches GitHub App routes", () => {
    expect(passes("GET", "/app").operationId).toBe("apps/get-authenticated");
    expect(passes("POST", "/app/installations/1/access_tokens").params).toEqual({ installation_id: "1" });
  });
});

describe("path parameters", () => {
  it("rejects a non-integer id", () => {
    expect(fails("PATCH", "/repos/o/r/check-runs/abc", { status: "in_progress" })).toContain("check_run_id");
  });

  it("accepts a workflow file name where the id may be a number or a name", () => {
    expect(
      passes("POST", "/repos/o/r/actions/workflows/eval.yml/dispatches", { ref: "main", inputs: { sha: "x" } }).params[
        "workflow_id"
      ],
    ).toBe("eval.yml");
  });
});

describe("query parameters", () => {
  it("accepts declared ones", () => {
    passes("GET", "/repos/o/r/pulls/2/files?per_page=100&page=2");
    passes("GET", "/orgs/acme/teams/ds/members?per_page=100");
  });

  it("rejects undeclared ones", () => {
    expect(fails("GET", "/repos/o/r/pulls/2/files?bogus=1")).toContain("query parameter bogus is not declared");
  });

  it("checks integers and enums", () => {
    expect(fails("GET", "/repos/o/r/pulls/2/files?per_page=lots")).toContain("per_page");
    expect(fails("GET", "/repos/o/r/pulls?state=merged")).toMatch(/state="merged" must be one of open, closed, all/);
  });
});

describe("request bodies", () => {
  it("rejects an invalid field, naming it", () => {
    expect(fails("POST", "/repos/o/r/check-runs", { ...checkRun, conclusion: "maybe" })).toContain(
      "body.conclusion must be equal to one of the allowed values",
    );
  });

  it("requires a body where GitHub does", () => {
    expect(fails("POST", "/repos/o/r/check-runs")).toContain("a request body is required");
  });

  it("accepts an optional body or none", () => {
    passes("POST", "/repos/o/r/pulls/2/requested_reviewers", { reviewers: ["a"], team_reviewers: ["t"] });
    passes("POST", "/app/installations/1/access_tokens", undefined);
  });

  it("rejects a body sent to an operation that takes none", () => {
    expect(fails("GET", "/app", {})).toContain("takes no request body");
  });

  it("checks enums of reactions", () => {
    passes("POST", "/repos/o/r/issues/comments/5/reactions", { content: "+1" });
    expect(fails("POST", "/repos/o/r/issues/comments/5/reactions", { content: "thumbs" })).toContain("body.content");
  });

  it("accepts null where OpenAPI 3.0 says nullable, including a nullable oneOf", () => {
    passes("PATCH", "/repos/o/r/issues/2", { milestone: null, assignee: null });
  });
});
