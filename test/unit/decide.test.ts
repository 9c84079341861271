import { describe, expect, it } from "vitest";
import { commitsToCompare, standingReviews, teamsToResolve } from "../../src/core/gate/approvals.js";
import { decideGate, type GateDecision } from "../../src/core/gate/decide.js";
import { scanAssets } from "../../src/core/gate/requirements.js";
import { renderOwnersComment } from "../../src/core/render/command-replies.js";
import type { PullRequestFacts, Review } from "../../src/core/gate/types.js";
import { policyFrom, SQUAD_CONFIG, SQUAD_OWNERS } from "../helpers/policy.js";

const HEAD = "h".repeat(40);
const OLD = "o".repeat(40);
const TEAMS = new Map([
  ["acme/data-science", new Set(["dora", "dana"])],
  ["acme/ml-platform", new Set(["mia", "max", "author"])],
]);

function facts(overrides: Partial<PullRequestFacts> = {}): PullRequestFacts {
  return {
    author: "author",
    draft: false,
    headSha: HEAD,
    owner: "acme",
    files: [{ path: "prompts/support.txt" }],
    filesComplete: true,
    reviews: [],
    requestedUsers: [],
    requestedTeams: [],
    ...overrides,
  };
}

const approve = (login: string, commitId = HEAD): Review => ({ login, state: "APPROVED", commitId });
const changes = (login: string, commitId = HEAD): Review => ({ login, state: "CHANGES_REQUESTED", commitId });
const dismissed = (login: string): Review => ({ login, state: "DISMISSED", commitId: HEAD });
const comment = (login: string): Review => ({ login, state: "COMMENTED", commitId: HEAD });

function decide(
  overrides: Partial<PullRequestFacts> = {},
  opts: { config?: string; owners?: string; changesSince?: Map<string, string[] | null> } = {},
): GateDecision {
  const { policy, problems } = policyFrom(opts.config ?? SQUAD_CONFIG, opts.owners ?? SQUAD_OWNERS);
  return decideGate({
    policy,
    facts: facts(overrides),
    teamMembers: TEAMS,
    changesSince: opts.changesSince ?? new Map(),
    problems,
  });
}

const summary = (d: GateDecision) => ({
  conclusion: d.conclusion,
  roles: Object.fromEntries(d.requirements.map((r) => [r.id, r.satisfied])),
});

describe("decideGate", () => {
  it.each<[string, Partial<PullRequestFacts>, ReturnType<typeof summary>]>([
    ["no AI asset", { files: [{ path: "src/app.ts" }] }, { conclusion: "success", roles: {} }],
    ["prompt, no review", {}, { conclusion: "action_required", roles: { "@ds": false } }],
    ["approval by a listed user", { reviews: [approve("dana")] }, { conclusion: "success", roles: { "@ds": true } }],
    ["approval by a team member", { reviews: [approve("dora")] }, { conclusion: "success", roles: { "@ds": true } }],
    [
      "logins compare case-insensitively",
      { reviews: [approve("DoRa")] },
      { conclusion: "success", roles: { "@ds": true } },
    ],
    [
      "approval by a non-member",
      { reviews: [approve("mallory")] },
      { conclusion: "action_required", roles: { "@ds": false } },
    ],
    [
      "approval by the author, who is a member",
      { author: "dora", reviews: [approve("dora")] },
      { conclusion: "action_required", roles: { "@ds": false } },
    ],
    [
      "a comment does not replace an approval",
      { reviews: [approve("dana"), comment("dana")] },
      { conclusion: "success", roles: { "@ds": true } },
    ],
    [
      "a dismissed approval does not count",
      { reviews: [approve("dana"), dismissed("dana")] },
      { conclusion: "action_required", roles: { "@ds": false } },
    ],
    [
      "changes requested by a member block the role",
      { reviews: [approve("dana"), changes("dora")] },
      { conclusion: "action_required", roles: { "@ds": false } },
    ],
    [
      "a later approval withdraws the change request",
      { reviews: [changes("dora"), approve("dora")] },
      { conclusion: "success", roles: { "@ds": true } },
    ],
    [
      "changes requested by a non-member change nothing",
      { reviews: [approve("dana"), changes("mallory")] },
      { conclusion: "success", roles: { "@ds": true } },
    ],
    [
      "two roles, one approved",
      { files: [{ path: "datasets/faq.jsonl" }], reviews: [approve("dana")] },
      { conclusion: "action_required", roles: { "@ds": true, "@legal": false } },
    ],
    [
      "two approvals needed, one given",
      { files: [{ path: "models/chat.yaml" }], reviews: [approve("mia")] },
      { conclusion: "action_required", roles: { "@mle": false } },
    ],
    [
      "two approvals needed, the same user twice still counts once",
      { files: [{ path: "models/chat.yaml" }], reviews: [approve("mia"), approve("mia")] },
      { conclusion: "action_required", roles: { "@mle": false } },
    ],
    [
      "two approvals needed, two given",
      { files: [{ path: "models/chat.yaml" }], reviews: [approve("mia"), approve("max")] },
      { conclusion: "success", roles: { "@mle": true } },
    ],
    [
      "a rename out of an owned folder still needs its owners",
      { files: [{ path: "misc/old.txt", previousPath: "prompts/old.txt", status: "renamed" }] },
      { conclusion: "action_required", roles: { "@ds": false } },
    ],
  ])("%s", (_name, overrides, expected) => {
    expect(summary(decide(overrides))).toEqual(expected);
  });

  it("non-AI files owned by other teams do not make them required", () => {
    const d = decide({ files: [{ path: "src/app.ts" }, { path: "prompts/a.txt" }] });
    expect(d.requirements.map((r) => r.id)).toEqual(["@ds"]);
    expect(d.assets).toEqual([{ path: "prompts/a.txt", kinds: ["prompt"] }]);
  });

  it("a change to Squadgate's own policy files needs the roles that own them, and is no AI asset", () => {
    const owners = `${SQUAD_OWNERS}\n/.github/ @legal\n`;
    const d = decide({ files: [{ path: ".github/SQUADOWNERS" }, { path: "src/app.ts" }] }, { owners });
    expect([d.conclusion, d.title]).toEqual(["action_required", "Waiting for @legal (0 of 1 approved)"]);
    expect(d.requirements.map((r) => [r.id, r.files])).toEqual([["@legal", [".github/SQUADOWNERS"]]]);
    expect(d.assets).toEqual([]);
    expect(decide({ files: [{ path: ".github/workflows/ci.yml" }] }, { owners }).title).toBe("No AI assets changed");
    const withEvals = `${SQUAD_CONFIG}\nevals:\n  workflow: squadgate-eval.yml\n`;
    expect(
      decide({ files: [{ path: ".github/workflows/squadgate-eval.yml" }] }, { owners, config: withEvals }).title,
    ).toBe("Waiting for @legal (0 of 1 approved)");
  });

  it("/owners on a PR that changes only an owned policy file names the role it waits for", () => {
    const owners = `${SQUAD_OWNERS}\n/.github/ @legal\n`;
    const { policy } = policyFrom(SQUAD_CONFIG, owners);
    const reply = renderOwnersComment(decide({ files: [{ path: ".github/squadgate.yml" }] }, { owners }), policy);
    expect(reply).toContain("Still missing: `@legal` (0/1).");
    expect(reply).toContain("1 file: `.github/squadgate.yml`");
    expect(renderOwnersComment(decide({ files: [{ path: "src/app.ts" }] }, { owners }), policy)).toContain(
      "no role needs to approve it",
    );
  });

  it("lists the files that make each role required", () => {
    const d = decide({ files: [{ path: "prompts/a.txt" }, { path: "datasets/b.csv" }, { path: "evals/c.yaml" }] });
    expect(d.requirements.map((r) => [r.id, r.files])).toEqual([
      ["@ds", ["prompts/a.txt", "datasets/b.csv", "evals/c.yaml"]],
      ["@legal", ["datasets/b.csv"]],
    ]);
  });

  describe("stale approvals", () => {
    const files = [{ path: "prompts/a.txt" }, { path: "datasets/b.csv" }];
    const reviews = [approve("dana", OLD), approve("lee", OLD)];

    it("on_owned_change: only the role whose file changed loses its approval", () => {
      const d = decide({ files, reviews }, { changesSince: new Map([[OLD, ["prompts/a.txt"]]]) });
      expect(summary(d)).toEqual({ conclusion: "action_required", roles: { "@ds": false, "@legal": true } });
      expect(d.requirements[0]?.stale).toEqual([
        { login: "dana", reason: `prompts/a.txt changed since ${OLD.slice(0, 7)}` },
      ]);
    });

    it("on_owned_change: a change to nobody's file keeps every approval", () => {
      const d = decide({ files, reviews }, { changesSince: new Map([[OLD, ["src/app.ts"]]]) });
      expect(summary(d).conclusion).toBe("success");
    });

    it('on_owned_change: owned files merged in from the base ("Update branch") keep approvals', () => {
      const d = decide(
        { files, reviews },
        { changesSince: new Map([[OLD, ["prompts/from-main.txt", "datasets/from-main.csv"]]]) },
      );
      expect(summary(d).conclusion).toBe("success");
    });

    it("on_owned_change: when GitHub listed only part of the PR's files, every owned change counts", () => {
      const d = decide(
        { files, reviews, filesComplete: false },
        { changesSince: new Map([[OLD, ["prompts/from-main.txt"]]]) },
      );
      expect(summary(d).roles).toEqual({ "@ds": false, "@legal": true });
    });

    it("on_owned_change: an approved commit that is no longer an ancestor is stale", () => {
      const d = decide({ files, reviews }, { changesSince: new Map([[OLD, null]]) });
      expect(summary(d).roles).toEqual({ "@ds": false, "@legal": false });
      expect(d.requirements[0]?.stale[0]?.reason).toMatch(/force-push/);
    });

    it("on_push: any new commit makes approvals stale", () => {
      const config = `${SQUAD_CONFIG}\napprovals:\n  stale: on_push\n`;
      const d = decide({ files, reviews: [approve("dana", OLD), approve("lee")] }, { config });
      expect(summary(d).roles).toEqual({ "@ds": false, "@legal": true });
    });

    it("never: old approvals count", () => {
      const config = `${SQUAD_CONFIG}\napprovals:\n  stale: never\n`;
      expect(summary(decide({ files, reviews }, { config })).conclusion).toBe("success");
    });
  });

  describe("review requests", () => {
    it("asks the missing roles' users and own-org teams, never the author", () => {
      const d = decide({ author: "lee", files: [{ path: "datasets/b.csv" }] });
      expect(d.reviewRequests).toEqual({ users: ["dana"], teams: ["data-science"] });
    });

    it("skips satisfied roles, earlier reviewers and those already requested", () => {
      const d = decide({
        files: [{ path: "datasets/b.csv" }, { path: "models/m.yaml" }],
        reviews: [approve("dana"), comment("max")],
        requestedTeams: ["acme/ml-platform"],
      });
      expect(d.reviewRequests).toEqual({ users: ["lee"], teams: [] });
    });

    it("does not ask teams of another organisation", () => {
      const d = decide({ owner: "other-org" });
      expect(d.reviewRequests).toEqual({ users: ["dana"], teams: [] });
    });

    it("asks nobody on drafts, in report mode, or with config errors", () => {
      expect(decide({ draft: true }).reviewRequests).toEqual({ users: [], teams: [] });
      expect(decide({}, { config: `${SQUAD_CONFIG}\nmode: report\n` }).reviewRequests).toEqual({
        users: [],
        teams: [],
      });
      expect(decide({}, { owners: "/prompts/ @ds\n/evals/ @nope\n" }).reviewRequests).toEqual({ users: [], teams: [] });
    });

    it("a line GitHub ignores on the base branch is only a warning: the gate and review requests go on", () => {
      const d = decide({}, { owners: "/prompts/ @ds\n!x @ds\n" });
      expect(d.reviewRequests).toEqual({ users: ["dana"], teams: ["data-science"] });
      expect(d.problems).toMatchObject([{ severity: "warning", line: 2 }]);
      expect(decide({ reviews: [approve("dana")] }, { owners: "/prompts/ @ds\n!x @ds\n" }).conclusion).toBe("success");
    });
  });

  describe("conclusions and titles", () => {
    it("report mode never blocks", () => {
      const d = decide({}, { config: `${SQUAD_CONFIG}\nmode: report\n` });
      expect([d.conclusion, d.title]).toEqual(["neutral", "Report only: Waiting for @ds (0 of 1 approved)"]);
    });

    it("ownership errors fail the check", () => {
      const d = decide({ reviews: [approve("dana")] }, { owners: "/prompts/ @ds\n/evals/ @nope\n" });
      expect([d.conclusion, d.title]).toEqual(["failure", "1 configuration problem to fix"]);
    });

    it("unowned assets warn by default and fail when configured", () => {
      expect(decide({}, { owners: "" })).toMatchObject({
        conclusion: "success",
        title: "AI assets changed; no role owns them",
        unowned: ["prompts/support.txt"],
      });
      const strict = decide({}, { owners: "", config: `${SQUAD_CONFIG}\nownership:\n  unowned: fail\n` });
      expect(strict.conclusion).toBe("failure");
    });

    it("never passes a pull request whose files could not all be seen, even with every approval", () => {
      const d = decide({ filesComplete: false, reviews: [approve("dana")] });
      expect(d.conclusion).toBe("failure");
      expect(d.title).toBe("Too many files to see them all");
      expect(d.problems).toContainEqual(
        expect.objectContaining({ severity: "error", message: expect.stringMatching(/3,000 files/) }),
      );
    });

    it.each<[string, Partial<PullRequestFacts>, "regressed" | "incomplete" | undefined, boolean, string]>([
      ["regressed, roles approved", { reviews: [approve("dana")] }, "regressed", false, "Evals regressed"],
      ["regressed, a role missing", {}, "regressed", false, "Waiting for @ds (0 of 1 approved); evals regressed"],
      ["not judged, no AI asset", { files: [{ path: "src/x.ts" }] }, "incomplete", false, "Evals could not be judged"],
      ["required and missing", { reviews: [approve("dana")] }, undefined, true, "Waiting for eval results"],
    ])("evals in the title (%s): a state is said, not waited for", (_name, overrides, status, required, title) => {
      const { policy, problems } = policyFrom(SQUAD_CONFIG, SQUAD_OWNERS);
      const state = status ? { headSha: HEAD, status, notes: [], updatedAt: "2026-11-22T10:00:00.000Z" } : undefined;
      const d = decideGate({
        policy,
        facts: facts(overrides),
        teamMembers: TEAMS,
        changesSince: new Map(),
        problems,
        evals: { ...(state ? { state } : {}), required },
      });
      expect(d.title).toBe(title);
    });

    it.each([
      [{ files: [{ path: "src/x.ts" }] }, "No AI assets changed"],
      [{ reviews: [approve("dana")] }, "All 1 required role approved"],
      [{ files: [{ path: "datasets/x.csv" }], reviews: [approve("lee")] }, "Waiting for @ds (1 of 2 approved)"],
    ])("%j -> %s", (overrides, title) => {
      expect(decide(overrides as Partial<PullRequestFacts>).title).toBe(title);
    });
  });
});

describe("what the shell must fetch", () => {
  const { policy } = policyFrom(SQUAD_CONFIG, SQUAD_OWNERS);
  const required = scanAssets(policy, [{ path: "prompts/a.txt" }, { path: "models/m.yaml" }]).required;

  it("needs only the teams that can decide whether a reviewer counts", () => {
    expect(teamsToResolve(required, [], "author")).toEqual([]);
    // dana is named in @ds, so only @mle's team can tell whether she counts there; comments never count.
    expect(teamsToResolve(required, [approve("dana"), comment("zed")], "author")).toEqual(["acme/ml-platform"]);
  });

  it("needs the teams of required roles when someone not listed by name reviewed", () => {
    expect(teamsToResolve(required, [approve("dora")], "author")).toEqual(["acme/data-science", "acme/ml-platform"]);
    expect(teamsToResolve(required, [approve("dora")], "dora")).toEqual([]);
  });

  it("compares only old approvals by members, once per commit", () => {
    const reviews = [approve("dana", OLD), approve("mia", OLD), approve("mallory", "x".repeat(40)), approve("max")];
    expect(
      commitsToCompare(required, { policy, author: "author", headSha: HEAD, reviews, teamMembers: TEAMS }),
    ).toEqual([OLD]);
  });

  it("standing reviews keep each user's last decisive state", () => {
    expect(
      standingReviews([approve("a"), comment("a"), changes("b"), approve("b"), dismissed("c")]).map((r) => [
        r.login,
        r.state,
      ]),
    ).toEqual([
      ["a", "APPROVED"],
      ["b", "APPROVED"],
      ["c", "DISMISSED"],
    ]);
  });
});
