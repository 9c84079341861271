import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import type { GitHubMock } from "../helpers/github-mock.js";
import { useMockedApp } from "../helpers/mocked-app.js";
import {
  BASE_REF,
  changedFile,
  HEAD_SHA,
  livePullRequest,
  OWNER,
  PR_NUMBER,
  REPO,
  webhook,
} from "../helpers/fixtures.js";

const CONFIG = `checklists:\n  where: off\nroles:\n  ds:\n    members: [dana, ${OWNER}/data-science]\n`;
const OWNERS = "/prompts/ @ds\n";

let probot: Probot;
let github: GitHubMock;

useMockedApp((app) => ({ probot, github } = app));

const receive = (name: string, payload: object) => probot.receive({ id: "team-change", name, payload } as never);

/** GitHub's organisation event (its example, trimmed): `login` joined or left a team of OWNER. */
function membership(action: "added" | "removed", login: string, slug = "data-science") {
  const example = webhook("membership.removed");
  return {
    ...example,
    action,
    member: { ...example["member"], login },
    team: { ...example["team"], slug, name: slug },
    organization: { ...example["organization"], login: OWNER },
    installation: { id: 1 },
  };
}

const asked = { requested_reviewers: [{ login: "dana" }], requested_teams: [{ slug: "data-science" }] };
const approvedByDora = [
  { user: { login: "dora" }, state: "APPROVED", commit_id: HEAD_SHA, submitted_at: "2026-11-01T00:00:00Z" },
];

/** The gate's reads of the pull request, approved by dora. */
function gateReads(checkRuns: object[]) {
  github
    .config(BASE_REF, CONFIG)
    .pull(PR_NUMBER, livePullRequest(asked))
    .files(PR_NUMBER, [changedFile("prompts/support.txt")])
    .checkRuns(HEAD_SHA, checkRuns)
    .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
    .reviews(PR_NUMBER, approvedByDora);
}

/** The installation's repositories, as GitHub lists them to the app. */
function installationRepositories(repositories: object[]) {
  github.scope
    .get("/installation/repositories")
    .query({ per_page: "100" })
    .reply(200, { total_count: repositories.length, repositories });
}

const thisRepository = { name: REPO, owner: { login: OWNER }, default_branch: BASE_REF, archived: false };

describe("a team's members change", () => {
  it("someone leaving the team takes back the green check their approval gave", async () => {
    gateReads([{ id: 5, external_id: "squadgate:old" }]);
    github.teamMembers(OWNER, "data-science", ["dora"]).updateCheck(5);
    await receive("pull_request_review", webhook("pull_request_review.submitted"));
    expect(github.bodyOf("PATCH", "check-runs/5")).toMatchObject({ conclusion: "success" });
    const green = github.writtenCheck(5);

    github.resetCounters();
    installationRepositories([thisRepository]);
    github.config(BASE_REF, CONFIG).openPulls([livePullRequest(asked)]);
    gateReads([green]);
    // Within the minute the member list would be cached: it is read again, without dora.
    github.teamMembers(OWNER, "data-science", []).updateCheck(5);
    await receive("membership", membership("removed", "dora"));

    expect(github.bodyOf("PATCH", "check-runs/5")).toMatchObject({ conclusion: "action_required" });
  });

  it("repositories whose roles do not name the team, and those not opted in, are left alone", async () => {
    const other = { name: "other", owner: { login: OWNER }, default_branch: "main", archived: false };
    installationRepositories([thisRepository, other, { ...other, name: "old", archived: true }]);
    github.config(BASE_REF, CONFIG);
    github
      .file(".github/squadgate.yml", "main", null, "other")
      .file(".github/squadgate.yml", undefined, null, ".github");
    github.scope
      .get(`/repos/${OWNER}/other/commits`)
      .query({ sha: "refs/heads/main", path: ".github/squadgate.yml", per_page: "1" })
      .reply(200, []);
    await receive("membership", membership("added", "erin", "platform"));
    expect(github.writes).toEqual([]);
    expect(github.lines.filter((line) => line.includes("/pulls"))).toEqual([]);
  });
});
