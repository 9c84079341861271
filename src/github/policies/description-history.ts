import type { DescriptionHistory } from "../../core/pull/facts.js";
import type { Octokit, PullRef } from "../types.js";

/** Revisions read from each end of the history: the first versions (where an agent writes its marker) and the latest. */
const EACH_END = 25;

type Edit = {
  id: string;
  editedAt: string;
  deletedAt: string | null;
  diff: string | null;
  editor: { login: string } | null;
  deletedBy: { login: string } | null;
};
type Page = { totalCount: number; nodes: (Edit | null)[] | null };

const EDIT = "id editedAt deletedAt diff editor { login } deletedBy { login }";
const QUERY = `query ($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      oldest: userContentEdits(last: ${EACH_END}) { totalCount nodes { ${EDIT} } }
      newest: userContentEdits(first: ${EACH_END}) { totalCount nodes { ${EDIT} } }
    }
  }
}`;

/**
 * Earlier versions of the pull request's description, from GitHub's edit history (each revision's
 * `diff` is the whole text as it was), in one GraphQL query: both ends of a long history. A
 * revision someone deleted from the history comes back without its text.
 */
export async function fetchDescriptionHistory(octokit: Octokit, pull: PullRef): Promise<DescriptionHistory> {
  const data = await octokit.graphql<{ repository: { pullRequest: { oldest: Page; newest: Page } | null } | null }>(
    QUERY,
    { owner: pull.owner, name: pull.repo, number: pull.pull_number },
  );
  const pr = data.repository?.pullRequest;
  if (!pr) return { revisions: [], unread: 0 };
  const byId = new Map<string, Edit>();
  for (const edit of [...(pr.oldest.nodes ?? []), ...(pr.newest.nodes ?? [])]) if (edit) byId.set(edit.id, edit);
  const revisions = [...byId.values()]
    .sort((a, b) => a.editedAt.localeCompare(b.editedAt))
    .map((edit) => ({
      editedAt: edit.editedAt,
      text: edit.deletedAt ? null : (edit.diff ?? ""),
      ...(edit.editor ? { editor: edit.editor.login } : {}),
      ...(edit.deletedBy ? { deletedBy: edit.deletedBy.login } : {}),
    }));
  return { revisions, unread: Math.max(0, pr.oldest.totalCount - byId.size) };
}
