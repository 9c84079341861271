/**
 * Built-in AI asset kinds. Each is a list of minimatch globs over repository paths; a repository
 * overrides a kind by naming it under `assets:` (an empty list switches it off).
 *
 * The globs stay narrow on purpose: `models/` often holds ORM code, so only config-shaped files count
 * there, and `data/` is only the top-level folder.
 */
export const DEFAULT_ASSET_GLOBS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  prompt: ["**/prompts/**", "**/*.prompt", "**/*.prompty", "**/*.prompt.{md,txt,yaml,yml,json,j2,jinja}"],
  dataset: [
    "**/datasets/**",
    "data/**",
    "**/*.jsonl",
    "**/*.csv",
    "**/*.parquet",
  ],
  "model-config": [
    "**/models/**/*.{yaml,yml,json,toml}",
    "**/model*.{yaml,yml,json,toml}",
    "**/{fine-tune,fine-tuning,finetune,finetuning}/**/*.{yaml,yml,json,toml}",
  ],
  eval: ["**/evals/**", "**/promptfooconfig.{yaml,yml,json,js,ts}", "**/*.eval.{yaml,yml,json}"],
});
