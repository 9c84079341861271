/**
 * CPU cost of the AI policies at the limits a pull request can push them to (every input generated
 * here): the agent policy reading 250 commits of 4,000 characters (GitHub lists at most 250; the
 * shell keeps 4,000 characters of a message) and a 65,000-character description with 50 earlier versions; the
 * providers policy reading 50 changed LiteLLM configs of 500 KiB each (GitHub's text limit), of
 * which it parses 1 MiB, old and new versions together. Measured with process.cpuUsage (user +
 * system), median over runs.
 */
import { agentsSchema } from "../../src/config/agents-schema.js";
import { parseConfigText } from "../../src/config/validate-config.js";
import type { ChangedFile } from "../../src/core/gate/types.js";
import { detectAgents } from "../../src/core/policies/agents/detect.js";
import { providerVerdict } from "../../src/core/policies/providers/verdict.js";
import type { HeadText } from "../../src/core/pull/facts.js";
import { median } from "./decide-bench.js";

export interface AiPoliciesBenchResult {
  runs: number;
  agents: { commits: number; messageChars: number; revisions: number; medianCpuMs: number };
  providers: { files: number; fileBytes: number; medianCpuMs: number };
}

const cpuMs = (run: () => void) => {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

function agentInputs() {
  const line = "Keep the support answers short, and say so when the order cannot be found anywhere.";
  const message = `${Array.from({ length: 46 }, () => line).join("\n")}\n\nCo-authored-by: dana <1+dana@users.noreply.github.com>`;
  const person = { name: "dana", email: "dana@example.com", login: "dana" };
  const commits = Array.from({ length: 250 }, (_, i) => ({
    sha: String(i).padStart(40, "0"),
    message,
    author: person,
    committer: person,
  }));
  const body = Array.from({ length: 780 }, () => line).join("\n");
  const revisions = Array.from({ length: 50 }, (_, i) => ({
    editedAt: `2026-11-30T10:${String(i).padStart(2, "0")}:00Z`,
    text: body,
  }));
  return { commits, body, history: { revisions, unread: 0 }, messageChars: message.length };
}

function providerInputs() {
  let yaml = "model_list:\n";
  for (let i = 0; yaml.length < 500_000; i++)
    yaml += `  - model_name: m${i}\n    litellm_params:\n      model: azure/gpt-4o-${i}\n      api_base: https://x${i}.openai.azure.com/\n`;
  const files: ChangedFile[] = Array.from({ length: 50 }, (_, i) => ({
    path: `models/litellm-${i}.yaml`,
    status: "modified",
    patch: "",
  }));
  const texts = new Map<string, HeadText>(files.map((f) => [f.path, { text: yaml }]));
  return { files, texts, bytes: yaml.length };
}

export function benchAiPolicies(runs = 7): AiPoliciesBenchResult {
  const agents = agentsSchema.parse({}) as NonNullable<ReturnType<typeof agentsSchema.parse>>;
  const a = agentInputs();
  const agentCpu = Array.from({ length: runs }, () =>
    cpuMs(() =>
      detectAgents(agents, { author: "dana", authorBot: false, body: a.body, commits: a.commits, history: a.history }),
    ),
  );
  const config = parseConfigText(
    "roles:\n  legal:\n    members: [lee]\nproviders:\n  roles: [legal]\n",
    "bench",
  ).config;
  if (!config) throw new Error("the bench's config is invalid");
  const p = providerInputs();
  const providerCpu = Array.from({ length: runs }, () => cpuMs(() => providerVerdict(config, p.files, p.texts)));
  return {
    runs,
    agents: {
      commits: a.commits.length,
      messageChars: a.messageChars,
      revisions: a.history.revisions.length,
      medianCpuMs: median(agentCpu),
    },
    providers: { files: p.files.length, fileBytes: p.bytes, medianCpuMs: median(providerCpu) },
  };
}
