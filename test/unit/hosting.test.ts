import { existsSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { TRIGGERS } from "../../src/handlers/triggers.js";
import { settingsSchema } from "../../src/runtime/settings.js";

const root = new URL("../../", import.meta.url);
const yaml = (path: string) => parse(readFileSync(new URL(path, root), "utf8"));
const action = yaml("action.yml") as {
  inputs: Record<string, { required?: boolean }>;
  runs: { steps: { run?: string; env?: Record<string, string> }[] };
};
const workflow = yaml("examples/squadgate-action.yml") as {
  on: Record<string, { types?: string[] } | null>;
  jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }>;
};
/** Probot's own variables that the Action passes on. */
const PROBOT_ENV = ["APP_ID", "PRIVATE_KEY", "LOG_LEVEL", "REDIS_URL"];

describe("the GitHub Action", () => {
  it("runs the built Action entry with variables Squadgate or Probot read", () => {
    const step = action.runs.steps.find((s) => s.run?.includes("lib/action.js"));
    expect(existsSync(new URL("src/action.ts", root))).toBe(true);
    const known = new Set([...Object.keys(settingsSchema.shape), ...PROBOT_ENV]);
    expect(Object.keys(step?.env ?? {}).filter((name) => !known.has(name))).toEqual([]);
  });

  it("the example workflow gives every required input and no unknown one", () => {
    const step = Object.values(workflow.jobs)
      .flatMap((job) => job.steps)
      .find((s) => s.uses?.includes("squadgate"));
    const given = Object.keys(step?.with ?? {});
    expect(given.filter((name) => !(name in action.inputs))).toEqual([]);
    expect(Object.entries(action.inputs).filter(([name, input]) => input.required && !given.includes(name))).toEqual(
      [],
    );
  });

  it("the example workflow runs for every event and action the app subscribes to", () => {
    const manifest = yaml("app.yml") as { default_events: string[] };
    const asWorkflow = (event: string) => (event === "pull_request" ? "pull_request_target" : event);
    // A workflow runs in one repository: organisation events (a team's members) never reach it.
    const repositoryEvents = manifest.default_events.filter((event) => event !== "membership");
    expect(repositoryEvents.map(asWorkflow).filter((event) => !(event in workflow.on))).toEqual([]);
    for (const event of Object.keys(TRIGGERS).filter((e) => e.startsWith("pull_request"))) {
      const [name = "", type = ""] = event.split(".");
      expect(workflow.on[asWorkflow(name)]?.types, event).toContain(type);
    }
  });
});
