import { execFile, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { FakeGitHub } from "./fake-github/server.js";
import { FakeState } from "./fake-github/state.js";
import { appPrivateKey, startApp } from "./harness/app-process.js";
import { deliver, pullRequestEvent } from "./harness/webhooks.js";

/**
 * The same delivery through each way of hosting Squadgate (the server, the GitHub Action, the
 * serverless handler), each against its own fake GitHub in the same state: each must write the same.
 */
const ROOT = new URL("../../", import.meta.url).pathname;
const CONFIG = "roles:\n  ds:\n    members: [dana, acme/data-science]\nchecklists:\n  where: comment\n";
const SECRETS = { WEBHOOK_SECRET: "e2e-webhook-secret-1f2e3d", SQUADGATE_SECRET: "e2e-squadgate-secret" };
const fakes: FakeGitHub[] = [];
const dir = mkdtempSync(join(tmpdir(), "squadgate-entries-"));

afterAll(async () => {
  await Promise.all(fakes.map((f) => f.stop()));
  rmSync(dir, { recursive: true, force: true });
  // No write any entry made may be past GitHub's size limits.
  expect(fakes.flatMap((f) => f.refusals)).toEqual([]);
});

/** A fake GitHub with one AI pull request waiting for its first event; the delivery GitHub would send for it. */
async function world() {
  const fake = new FakeGitHub(new FakeState());
  fakes.push(fake);
  await fake.start();
  const repo = fake.state.repo("acme", "support-bot");
  fake.state.commit(repo, "main", { ".github/squadgate.yml": CONFIG, ".github/SQUADOWNERS": "/prompts/ @ds\n" });
  fake.state.teams.set("acme/data-science", ["dora", "dana"]);
  const pull = fake.state.pull(repo, {
    number: 7,
    headSha: "1".padStart(40, "0"),
    files: [{ filename: "prompts/support.txt", status: "modified" }],
  });
  return { fake, payload: pullRequestEvent(repo, pull, "opened") };
}

const TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g;

/**
 * What reached GitHub, in a stable order. Times differ from run to run: they are blanked, also in
 * the state the check run keeps (base64 JSON), and so is the digest of the check's content.
 */
function writesOf(fake: FakeGitHub): string[] {
  expect(fake.violations).toEqual([]);
  expect(fake.unhandled).toEqual([]);
  return fake
    .writes()
    .filter((w) => !w.route.startsWith("POST /app/")) // the token exchange: how each entry authenticates
    .map((w) =>
      JSON.stringify({ route: w.route, status: w.status, body: w.body })
        .replace(
          /squadgate:data ([A-Za-z0-9+/=]+)/g,
          (_, data: string) => `squadgate:data ${Buffer.from(data, "base64").toString("utf8")}`,
        )
        .replace(TIME, "<time>")
        .replace(/"external_id":"squadgate:[0-9a-f]+"/, '"external_id":"squadgate:<digest>"'),
    )
    .sort();
}

const signed = (body: string) => `sha256=${createHmac("sha256", SECRETS.WEBHOOK_SECRET).update(body).digest("hex")}`;

/** Runs one of the built serverless handlers in a Node process of its own, as a function runtime would. */
async function invokeLambda(
  fake: FakeGitHub,
  event: object,
  name = "handler",
): Promise<{ statusCode: number; body: string }> {
  const script = `import * as lambda from "./lib/lambda.js";
    const result = await lambda[process.env.HANDLER](JSON.parse(process.env.EVENT));
    console.log("RESULT " + JSON.stringify(result));
    process.exit(0);`;
  const env = {
    PATH: process.env["PATH"] ?? "",
    APP_ID: "4242",
    PRIVATE_KEY: appPrivateKey(),
    GHE_HOST: fake.host,
    GHE_PROTOCOL: "http",
    ...SECRETS,
    EVENT: JSON.stringify(event),
    HANDLER: name,
  };
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
    cwd: ROOT,
    env,
  });
  // Probot's logger writes to stdout too, and not always before this line.
  const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
  return JSON.parse(line?.slice("RESULT ".length) ?? "{}");
}

describe("hosting entries", { timeout: 120_000 }, () => {
  it("the server, the Action and the serverless handler write the same for the same delivery", async () => {
    const [server, action, lambda] = await Promise.all([world(), world(), world()]);

    const app = await startApp({ githubHost: server.fake.host, env: SECRETS, timeoutMs: 60_000 });
    try {
      // 202: Probot stopped waiting after 9 s, and the work goes on; stopping waits for it.
      expect([200, 202]).toContain(
        (await deliver(app.url, SECRETS.WEBHOOK_SECRET, { name: "pull_request", payload: server.payload })).status,
      );
    } finally {
      expect(await app.stop()).toBe(0);
    }

    // An Action's event file has no installation, and forks are handled under pull_request_target.
    const { installation: _, ...eventFile } = action.payload as Record<string, unknown>;
    const eventPath = join(dir, "event.json");
    writeFileSync(eventPath, JSON.stringify(eventFile));
    const env = {
      PATH: process.env["PATH"] ?? "",
      APP_ID: "4242",
      PRIVATE_KEY: appPrivateKey(),
      SQUADGATE_SECRET: SECRETS.SQUADGATE_SECRET,
      GITHUB_EVENT_NAME: "pull_request_target",
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_API_URL: `${action.fake.url}/api/v3`,
      GITHUB_RUN_ID: "1234",
    };
    const exit = await new Promise<number | null>((resolve) =>
      spawn(process.execPath, ["lib/action.js"], { cwd: ROOT, env, stdio: "ignore" }).once("exit", resolve),
    );
    expect(exit).toBe(0);
    // As the app: it found its installation with its JWT, then worked with that installation's token.
    expect(action.fake.requests.map((r) => r.route)).toEqual(
      expect.arrayContaining([
        "GET /repos/{owner}/{repo}/installation",
        "POST /app/installations/{installation_id}/access_tokens",
      ]),
    );

    const body = JSON.stringify(lambda.payload);
    const headers = {
      "x-github-event": "pull_request",
      "x-github-delivery": "d-1",
      "x-hub-signature-256": signed(body),
      "content-type": "application/json",
    };
    const result = await invokeLambda(lambda.fake, {
      headers,
      body: Buffer.from(body).toString("base64"),
      isBase64Encoded: true,
      requestContext: { http: { method: "POST" } },
    });
    expect(result.statusCode).toBe(200);

    const expected = writesOf(server.fake);
    expect(expected.some((w) => w.includes("check-runs"))).toBe(true);
    expect(expected.some((w) => w.includes("requested_reviewers"))).toBe(true);
    expect(expected.some((w) => w.includes("squadgate:checklist"))).toBe(true);
    expect(writesOf(action.fake)).toEqual(expected);
    expect(writesOf(lambda.fake)).toEqual(expected);
  });

  it("the serverless handler refuses a forged delivery before touching GitHub", async () => {
    const { fake, payload } = await world();
    const body = JSON.stringify(payload);
    const headers = {
      "x-github-event": "pull_request",
      "x-github-delivery": "d-2",
      "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
    };
    expect((await invokeLambda(fake, { headers, body, requestContext: { http: { method: "POST" } } })).statusCode).toBe(
      400,
    );
    expect((await invokeLambda(fake, { headers: { "x-github-event": "pull_request" }, body })).statusCode).toBe(400);
    expect(fake.requests).toEqual([]);
  });

  it("the serverless redelivery handler, run on a schedule, redelivers each failed delivery once", async () => {
    const { fake } = await world();
    const recent = (id: number, guid: string, status_code: number) => ({
      id,
      guid,
      delivered_at: new Date().toISOString(),
      redelivery: false,
      status_code,
      event: "pull_request",
      action: "opened",
    });
    fake.state.deliveries.push(recent(11, "g-ok", 200), recent(12, "g-failed", 502));
    expect(await invokeLambda(fake, {}, "redeliver")).toEqual({ redelivered: 1 });
    expect(await invokeLambda(fake, {}, "redeliver")).toEqual({ redelivered: 0 });
    expect(fake.state.redeliveryRequests).toEqual([12]);
  });
});
