import type { PullFacts, PullInfo } from "../core/pull/facts.js";
import type { FactRequest } from "../core/pull/plan.js";
import { textKey, type LicenceRead } from "../core/policies/licences/reads.js";
import { findSecrets } from "../core/policies/sensitive-data/secrets.js";
import type { Octokit, RepoRef } from "./types.js";

/** Files per GraphQL query: each is one `object(expression:)` lookup, read together. */
const READS_PER_QUERY = 100;

/**
 * The data policies' facts: the cards and model configs the licence policy names, at the pull
 * request's base and head commits, in GraphQL queries of up to 100 files each (one call where the
 * contents API would take one per file and side); and the secret scan of the added lines marked for
 * it, which reads nothing from GitHub.
 */
export async function readDataPolicyFact(
  octokit: Octokit,
  input: { repo: RepoRef; pr: PullInfo; request: Extract<FactRequest, { fact: "licenceTexts" | "secrets" }> },
): Promise<Partial<PullFacts>> {
  const { request } = input;
  if (request.fact === "secrets") return { secretFindings: await findSecrets(request.candidates, request.allow) };
  const batches: LicenceRead[][] = [];
  for (let i = 0; i < request.reads.length; i += READS_PER_QUERY)
    batches.push(request.reads.slice(i, i + READS_PER_QUERY));
  const texts = await Promise.all(batches.map((batch) => readBlobs(octokit, input.repo, input.pr, batch)));
  return { licenceTexts: new Map(texts.flat()) };
}

type Blob = { text: string | null; isBinary: boolean | null } | null;

async function readBlobs(
  octokit: Octokit,
  repo: RepoRef,
  pr: PullInfo,
  reads: readonly LicenceRead[],
): Promise<[string, string | null][]> {
  const variables: Record<string, string> = { owner: repo.owner, name: repo.repo };
  const fields = reads.map((read, i) => {
    variables[`e${i}`] = `${read.side === "base" ? pr.base.sha : pr.head.sha}:${read.path}`;
    return `f${i}: object(expression: $e${i}) { ... on Blob { text isBinary } }`;
  });
  const declared = reads.map((_, i) => `$e${i}: String!`).join(", ");
  const query = `query ($owner: String!, $name: String!, ${declared}) { repository(owner: $owner, name: $name) { ${fields.join(" ")} } }`;
  const data = await octokit.graphql<{ repository: Record<string, Blob> | null }>(query, variables);
  return reads.map((read, i) => {
    const blob = data.repository?.[`f${i}`];
    // A binary file or a folder states no licence; GitHub leaves `text` empty for them.
    return [textKey(read.side, read.path), blob && !blob.isBinary ? (blob.text ?? null) : null];
  });
}
