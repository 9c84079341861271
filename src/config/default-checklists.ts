/**
 * Built-in checklist templates, one per built-in asset kind, drawn from what careful squads check
 * (evaluation, hallucination and harm, data lineage and PII, licences, provider risk, security).
 * They name no role, since roles differ per organisation; a repository adds `role:` to items by
 * redefining a template.
 */
export interface DefaultTemplate {
  title: string;
  items: { id: string; text: string; required: boolean; role?: string }[];
}

export const DEFAULT_CHECKLISTS: Readonly<Record<string, DefaultTemplate>> = Object.freeze({
  prompt: {
    title: "Prompt change",
    items: [
      {
        id: "golden-eval",
        text: "Offline eval run on the agreed golden set; no metric regressed silently",
        required: true,
      },
      {
        id: "grounding",
        text: "Hallucination checked: answers stay grounded in the given context, refusals still happen where they should",
        required: true,
      },
      { id: "harm", text: "Toxicity, bias and harmful-output checks run on the new prompt", required: true },
      {
        id: "injection",
        text: "Reviewed for prompt injection and data leakage; no secrets or personal data in the prompt",
        required: true,
      },
      { id: "tone", text: "Tone and user-facing behaviour agreed with product", required: false },
    ],
  },
  dataset: {
    title: "Dataset change",
    items: [
      {
        id: "lineage",
        text: "Lineage documented: where the data came from, who collected it, under what consent",
        required: true,
      },
      {
        id: "licence",
        text: "Licence allows this use (commercial use, redistribution) or legal has approved it",
        required: true,
      },
      { id: "pii", text: "Personal data removed or anonymised; sensitive fields protected", required: true },
      { id: "leakage", text: "No overlap between training and evaluation data", required: true },
    ],
  },
  "model-config": {
    title: "Model config change",
    items: [
      {
        id: "licence",
        text: "Model licence and provider terms allow this use; research-only or use-restricted (RAIL) licences signed off by legal",
        required: true,
      },
      { id: "cost-latency", text: "Cost per call and latency measured against the current model", required: true },
      {
        id: "provider-risk",
        text: "Provider risk reviewed: model version pinned, behaviour changes and outages planned for",
        required: true,
      },
      { id: "evals", text: "Evals re-run with the new model and settings", required: true },
    ],
  },
  eval: {
    title: "Eval suite change",
    items: [
      {
        id: "metrics-agreed",
        text: "Metric and threshold changes agreed with the owners of the affected roles",
        required: true,
      },
      {
        id: "golden-set",
        text: "Golden-set changes reviewed; no test case removed just to make results pass",
        required: true,
      },
      { id: "leakage", text: "Eval data is not used for training or as prompt examples", required: false },
    ],
  },
});
