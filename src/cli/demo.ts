import { rm } from "node:fs/promises";
import { createDemoRepo } from "./demo-repo.js";
import { main } from "./main.js";

/** `npm run demo`: the CLI on a bundled repository, no GitHub credentials needed. */
const dir = await createDemoRepo();
try {
  const steps: [string, string[]][] = [
    ["Validate the policy on main", ["validate", "--repo", dir, "--ref", "main"]],
    ["Every AI asset on main, with its owners", ["assets", "--repo", dir, "--ref", "main"]],
    [
      "Who owns these paths?",
      [
        "owners",
        "--repo",
        dir,
        "--ref",
        "main",
        "prompts/support/system.prompt",
        "datasets/refunds.jsonl",
        "src/answer.ts",
      ],
    ],
    [
      "Dry-run the gate for the feature branch's pull request into main",
      ["check", "--repo", dir, "--base", "main", "--head", "feature"],
    ],
  ];
  for (const [title, argv] of steps) {
    const { code, out, err } = await main(argv);
    process.stdout.write(
      `\n=== ${title}\n$ squadgate ${argv.map((a) => (a === dir ? "<demo-repo>" : a)).join(" ")}\n\n${out}${err}\n`,
    );
    if (code === 2) process.exitCode = 2;
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
