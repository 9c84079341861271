/**
 * Built-in AI asset kinds. Each is a list of minimatch globs over repository paths; a repository
 * overrides a kind by naming it under `assets:` (an empty list switches it off).
 *
 * Code is not an asset; data and configuration are. So a folder name alone never makes a file an
 * asset: `evals/`, `datasets/` and `models/` are also the names of Python packages and ORM layers,
 * and only data- and config-shaped files under them count. Checked against the layouts of real
 * prompt tools (promptfoo, Prompty, Dotprompt, Prompt flow, LangChain hub), eval suites (openai/evals,
 * lm-evaluation-harness), model repositories (Hugging Face, MLflow, Ollama) and DVC-tracked data.
 */

/** Formats prompt templates are written in, when they sit in a prompts folder. */
const PROMPT_TEXT = "txt,md,mdx,yaml,yml,json,j2,jinja,jinja2,mustache,hbs,liquid,tmpl,xml";
/** Formats of records, tables and their metadata. */
const DATA = "jsonl,ndjson,json,csv,tsv,parquet,arrow,feather,avro,txt,xml,yaml,yml";
const CONFIG = "yaml,yml,json,toml";
/** Suite definitions and their cases. */
const EVAL_DATA = "yaml,yml,json,jsonl,csv,tsv,toml";

export const DEFAULT_ASSET_GLOBS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  prompt: [
    // A folder's README is its documentation, not a prompt.
    `**/{prompt,prompts}/**/!(README*|readme*).{${PROMPT_TEXT}}`,
    "**/*.{prompt,prompty,poml}",
    "**/*.prompt.{md,txt,yaml,yml,json,j2,jinja,jinja2}",
    // Prompt flow and friends keep prompts as `chat.jinja2`; a code generator's `setup.py.jinja2` names its output's type.
    "**/+([!.]).jinja2",
    // Hugging Face's chat template, stored beside the tokenizer.
    "**/chat_template.{jinja,jinja2,json}",
  ],
  dataset: [
    `**/datasets/**/*.{${DATA}}`,
    `data/**/*.{${DATA}}`,
    "**/*.{jsonl,ndjson,csv,tsv,parquet,arrow,feather,avro}",
    // DVC: the pointer files and lock that change when tracked data changes.
    "**/*.dvc",
    "**/dvc.{yaml,lock}",
  ],
  "model-config": [
    `**/models/**/*.{${CONFIG}}`,
    `**/model{,s,_config,-config,_settings,-settings,_params,-params}.{${CONFIG}}`,
    `**/{fine-tune,fine-tuning,finetune,finetuning}/**/*.{${CONFIG}}`,
    "**/{generation_config,adapter_config,tokenizer_config}.json",
    "**/MLmodel",
    "**/{Modelfile,*.Modelfile}",
    // Prompt flow: which model each node calls, with its temperature and token limit.
    "**/flow.{dag,flex}.{yaml,yml}",
    // The weights themselves: a new file changes which model runs.
    "**/*.{safetensors,gguf,onnx}",
  ],
  eval: [
    `**/{evals,eval,evaluation,evaluations}/**/*.{${EVAL_DATA}}`,
    "**/promptfooconfig.{yaml,yml,json,js,ts}",
    "**/*.eval.{yaml,yml,json}",
    "**/*.evalset.json",
  ],
});
