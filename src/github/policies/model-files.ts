import type { HeadText } from "../../core/pull/facts.js";
import type { Octokit, RepoRef } from "../types.js";

/** Files per query: each holds at most 512,000 bytes of text, so one answer stays within about 12 MB. */
const PER_QUERY = 25;
/** GitHub cuts a blob's text here (`isTruncated`); a file this large is reported as too large to read. */
export const MAX_TEXT_BYTES = 512_000;

type Blob = { byteSize: number; isBinary: boolean | null; isTruncated: boolean; text: string | null } | null;

/**
 * The changed model configs and prompts at the head commit, in as few calls as GitHub allows: one
 * GraphQL query reads up to 25 files (`object(expression: "<sha>:<path>")`), where the REST API
 * would take one call per file. Their base versions come from the diffs GitHub already gave.
 */
export async function readModelFiles(
  octokit: Octokit,
  input: { repo: RepoRef; sha: string; paths: readonly string[] },
): Promise<Map<string, HeadText>> {
  const batches: string[][] = [];
  for (let i = 0; i < input.paths.length; i += PER_QUERY) batches.push(input.paths.slice(i, i + PER_QUERY));
  const answers = await Promise.all(batches.map((paths) => readBatch(octokit, { ...input, paths })));
  return new Map(answers.flat());
}

async function readBatch(
  octokit: Octokit,
  input: { repo: RepoRef; sha: string; paths: readonly string[] },
): Promise<[string, HeadText][]> {
  const fields = input.paths.map(
    (_, i) => `f${i}: object(expression: $e${i}) { ... on Blob { byteSize isBinary isTruncated text } }`,
  );
  const params = input.paths.map((_, i) => `$e${i}: String!`).join(", ");
  const query = `query ($owner: String!, $name: String!, ${params}) { repository(owner: $owner, name: $name) { ${fields.join(" ")} } }`;
  const variables = Object.fromEntries(input.paths.map((path, i) => [`e${i}`, `${input.sha}:${path}`]));
  const data = await octokit.graphql<{ repository: Record<string, Blob> | null }>(query, {
    owner: input.repo.owner,
    name: input.repo.repo,
    ...variables,
  });
  return input.paths.map((path, i) => [path, headText(data.repository?.[`f${i}`] ?? null)]);
}

function headText(blob: Blob): HeadText {
  if (!blob) return { text: null };
  if (blob.isBinary) return { skipped: "binary", bytes: blob.byteSize };
  if (blob.isTruncated || blob.byteSize > MAX_TEXT_BYTES) return { skipped: "too-large", bytes: blob.byteSize };
  return blob.text === null ? { skipped: "not-read" } : { text: blob.text };
}
