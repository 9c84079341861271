import { describe, expect, it } from "vitest";
import { formatProblem, strictProblems, type Problem } from "../../src/config/problems.js";
import { newProblems } from "../../src/engine/load-policy.js";
import { policyFrom, SQUAD_CONFIG, SQUAD_OWNERS } from "../helpers/policy.js";

/** The problems a test is about, leaving aside the warnings that name policy files no rule owns. */
const aside = (problems: Problem[]) => problems.filter((p) => p.concerns === undefined);

describe("buildPolicy", () => {
  it("resolves roles and plain owners into requirements", () => {
    const { policy, problems } = policyFrom(SQUAD_CONFIG, SQUAD_OWNERS);
    expect(problems).toEqual([]);
    expect(policy.requirementsFor("datasets/faq.jsonl").map((r) => r.id)).toEqual(["@ds", "@legal"]);
    expect(policy.requirementsFor("src/app.ts")).toMatchObject([
      { id: "@acme/backend", members: [{ kind: "team", org: "acme", slug: "backend" }], approvals: 1 },
    ]);
    expect(policy.requirementsFor("models/chat.yaml")).toMatchObject([{ id: "@mle", role: "mle", approvals: 2 }]);
  });

  it("reports an unknown role with its line, suggesting the declared ones", () => {
    const { problems } = policyFrom(SQUAD_CONFIG, "/prompts/ @DS\n/evals/ @dss @ds\n");
    expect(aside(problems).map(formatProblem)).toEqual([
      expect.stringMatching(
        /^\.github\/SQUADOWNERS:1: unknown role @DS \(declared roles: @ds, @legal, @mle\)\. Did you mean @ds\?/,
      ),
      expect.stringMatching(/^\.github\/SQUADOWNERS:2: unknown role @dss/),
    ]);
  });

  it("lets plain users own paths when allow_users is set; they form one any-of group per rule", () => {
    const { policy, problems } = policyFrom(
      `${SQUAD_CONFIG}\nownership:\n  allow_users: true\n`,
      "/prompts/ @ds @alice @acme/writers\n",
    );
    expect(aside(problems)).toEqual([]);
    expect(policy.requirementsFor("prompts/a.txt")).toMatchObject([
      { id: "@ds" },
      {
        id: "@alice @acme/writers",
        members: [
          { kind: "user", login: "alice" },
          { kind: "team", org: "acme", slug: "writers" },
        ],
        approvals: 1,
      },
    ]);
  });

  it("warns about email owners, which cannot be resolved, and ignores them", () => {
    const { policy, problems } = policyFrom(SQUAD_CONFIG, "/prompts/ @ds ds@example.com\n");
    expect(aside(problems)).toMatchObject([
      { severity: "warning", line: 1, message: expect.stringMatching(/email owners/) },
    ]);
    expect(policy.requirementsFor("prompts/a").map((r) => r.id)).toEqual(["@ds"]);
  });

  it("reports ownership syntax errors with lines: ignored like GitHub does, errors only where introduced", () => {
    const { problems } = policyFrom(SQUAD_CONFIG, "!prompts/ @ds\n/evals/ @nope\n");
    expect(aside(problems)).toMatchObject([
      { severity: "warning", file: ".github/SQUADOWNERS", line: 1, ignoredByGitHub: true },
      { severity: "error", file: ".github/SQUADOWNERS", line: 2, message: expect.stringMatching(/unknown role @nope/) },
    ]);
    expect(strictProblems(aside(problems)).map((p) => p.severity)).toEqual(["error", "error"]);
  });

  it("warns when the ownership file is missing", () => {
    const { policy, problems } = policyFrom(SQUAD_CONFIG, null);
    expect(aside(problems)).toMatchObject([{ severity: "warning", message: expect.stringMatching(/does not exist/) }]);
    expect(policy.requirementsFor("prompts/a")).toEqual([]);
  });

  it("warns when a role cannot reach its approval count", () => {
    const { problems } = policyFrom("roles:\n  legal:\n    members: [lee]\n    approvals: 2\n", "");
    expect(aside(problems)).toMatchObject([{ severity: "warning", key: "roles.legal.approvals" }]);
  });
});

describe("asset classification (built-in kinds)", () => {
  const { policy } = policyFrom("", "");
  it.each([
    ["prompts/support/system.txt", ["prompt"]],
    ["app/prompts/greeting.md", ["prompt"]],
    ["agents/triage.prompty", ["prompt"]],
    ["src/summarise.prompt.yaml", ["prompt"]],
    ["datasets/faq.jsonl", ["dataset"]],
    ["data/raw/tickets.parquet", ["dataset"]],
    ["reports/q3.csv", ["dataset"]],
    ["models/chat.yaml", ["model-config"]],
    ["config/model.json", ["model-config"]],
    ["jobs/fine-tune/run.yaml", ["model-config"]],
    ["evals/golden.yaml", ["eval"]],
    ["promptfooconfig.yaml", ["eval"]],
    ["evals/golden.jsonl", ["dataset", "eval"]],
    ["src/models/user.py", []], // ORM models are code, not model configs
    ["src/data/loader.ts", []],
    ["README.md", []],
    [".prompts/hidden.txt", []],
    ["x/.github/prompts/p.md", ["prompt"]],
  ])("%s -> %j", (path, kinds) => {
    expect(policy.assets.kindsOf(path)).toEqual(kinds);
  });
});

describe("problems a pull request brings in", () => {
  const base = [{ severity: "warning" as const, file: "o", line: 3, message: "bad line" }];
  const atHead = (line: number, message = "bad line") => ({
    severity: "error" as const,
    file: "o",
    line,
    message,
    introduced: true as const,
  });

  it("a problem the base already has is not the pull request's, even when an edit above moved its line", () => {
    expect(newProblems([atHead(5)], base)).toEqual([]);
  });

  it("a second copy, or a new message, is the pull request's", () => {
    expect(newProblems([atHead(5), atHead(9)], base)).toEqual([atHead(9)]);
    expect(newProblems([atHead(5, "other")], base)).toEqual([atHead(5, "other")]);
  });

  it("are told apart from the base's wherever they are shown", () => {
    expect(formatProblem(atHead(9, "other"))).toBe("o:9: in this pull request: other");
    expect(formatProblem({ ...base[0]!, line: 9 })).toBe("o:9: bad line");
  });
});

describe("Squadgate's own policy files without an owner", () => {
  it("need every declared role, and say so when a change touches them", () => {
    const { policy, problems } = policyFrom(SQUAD_CONFIG, "/prompts/ @ds\n");
    expect(policy.requirementsFor(".github/squadgate.yml").map((r) => r.id)).toEqual(["@ds", "@legal", "@mle"]);
    expect(policy.requirementsFor(".github/SQUADOWNERS").map((r) => r.id)).toEqual(["@ds", "@legal", "@mle"]);
    expect(problems.filter((p) => p.concerns).map(formatProblem)).toEqual([
      '.github/SQUADOWNERS: no rule owns .github/squadgate.yml, so every declared role must approve a change to it; add a rule such as "/.github/ @legal" to name its owners',
      '.github/SQUADOWNERS: no rule owns .github/SQUADOWNERS, so every declared role must approve a change to it; add a rule such as "/.github/ @legal" to name its owners',
    ]);
  });

  it("with no role declared, a change to them waits for owners nobody can be", () => {
    const { policy } = policyFrom("ownership:\n  allow_users: true\n", "/prompts/ @alice\n");
    expect(policy.requirementsFor(".github/squadgate.yml")).toEqual([
      { id: "owners of Squadgate's policy", members: [], approvals: 1 },
    ]);
  });

  it("an owning rule decides as usual", () => {
    const { policy, problems } = policyFrom(SQUAD_CONFIG, "/.github/ @legal\n");
    expect(policy.requirementsFor(".github/squadgate.yml").map((r) => r.id)).toEqual(["@legal"]);
    expect(problems.filter((p) => p.concerns)).toEqual([]);
  });
});
