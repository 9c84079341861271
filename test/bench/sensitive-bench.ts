/**
 * CPU cost of the sensitive-data scan on a large dataset pull request: 3,000 changed JSONL files
 * whose patches add 50 MB of chat-style lines, with synthetic personal data and secret-shaped
 * tokens sprinkled in (every value generated here, none real). Measured with process.cpuUsage
 * (user + system), median over runs: the pure scan of the patches, then secretlint on the lines
 * the scan hands it.
 */
import { performance } from "node:perf_hooks";
import { parseConfigText } from "../../src/config/validate-config.js";
import { compileAssetKinds } from "../../src/core/assets/classify.js";
import type { ChangedFile } from "../../src/core/gate/types.js";
import { scanPatches } from "../../src/core/policies/sensitive-data/scan.js";
import { findSecrets } from "../../src/core/policies/sensitive-data/secrets.js";
import { median } from "./decide-bench.js";

export interface SensitiveBenchResult {
  files: number;
  megabytes: number;
  runs: number;
  medianCpuMs: number;
  medianWallMs: number;
  findings: number;
  secrets: number;
  candidateLines: number;
}

const WORDS =
  "the a refund order account please help thanks shipping delivery invoice password reset login support agent customer ticket status update question answer".split(
    " ",
  );

/** A seeded PRNG (mulberry32), so every run sees the same inputs. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function line(random: () => number, i: number): string {
  const words = Array.from(
    { length: 12 + Math.floor(random() * 30) },
    () => WORDS[Math.floor(random() * WORDS.length)],
  );
  const extra =
    i % 97 === 0
      ? ` reach me at user${i}@mail${i % 13}.net`
      : i % 211 === 0
        ? ` call +44 20 7946 ${String(i % 10000).padStart(4, "0")}`
        : i % 1009 === 0
          ? ` token ghp_${Math.floor(random() * 1e16)
              .toString(36)
              .padEnd(36, "x")}`
          : ` order ${Math.floor(random() * 1e8)} on 2026-0${1 + (i % 9)}-1${i % 10} at 10:${10 + (i % 50)}`;
  return JSON.stringify({
    id: i,
    messages: [
      { role: "user", content: words.join(" ") + extra },
      { role: "assistant", content: "Sure, I can help with that." },
    ],
  });
}

export function datasetPullRequest(files = 3000, bytes = 50 * 1024 * 1024): ChangedFile[] {
  const random = prng(11);
  const perFile = Math.floor(bytes / files);
  let n = 0;
  return Array.from({ length: files }, (_, f) => {
    const lines: string[] = [];
    let size = 0;
    while (size < perFile) {
      const text = `${n % 5 === 0 ? " " : "+"}${line(random, n++)}`;
      lines.push(text);
      size += text.length + 1;
    }
    const patch = `@@ -1,${lines.length} +1,${lines.length} @@\n${lines.join("\n")}`;
    return {
      path: `datasets/support/part-${String(f).padStart(4, "0")}.jsonl`,
      status: "modified",
      patch,
      additions: lines.length,
    };
  });
}

export async function benchSensitive(opts: { runs?: number } = {}): Promise<SensitiveBenchResult> {
  const runs = opts.runs ?? 7;
  const parsed = parseConfigText(
    "roles:\n  privacy:\n    members: [pia]\nsensitive_data:\n  role: privacy\n",
    "squadgate.yml",
  );
  const config = parsed.config?.sensitive_data;
  if (!parsed.config || !config) throw new Error("bench config is invalid");
  const classifier = compileAssetKinds(parsed.config.assets);
  const files = datasetPullRequest();
  const megabytes = files.reduce((n, f) => n + (f.patch?.length ?? 0), 0) / 1024 / 1024;
  const once = async () => {
    const scan = scanPatches(config, classifier, files);
    const secrets = await findSecrets(scan.candidates, config.allow);
    return { scan, secrets };
  };
  await once(); // warm-up
  const cpu: number[] = [];
  const wall: number[] = [];
  let last = await once();
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    const t0 = performance.now();
    last = await once();
    wall.push(performance.now() - t0);
    const used = process.cpuUsage(start);
    cpu.push((used.user + used.system) / 1000);
  }
  return {
    files: files.length,
    megabytes,
    runs,
    medianCpuMs: median(cpu),
    medianWallMs: median(wall),
    findings: last.scan.findings.length + last.scan.moreFindings,
    secrets: last.secrets.length,
    candidateLines: last.scan.candidates.reduce((n, c) => n + c.lines.length, 0),
  };
}
