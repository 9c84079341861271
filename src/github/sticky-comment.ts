import { clipToBytes, GITHUB_LIMITS } from "../core/render/budget.js";
import type { CommentEditor, CommentInfo } from "../core/pull/facts.js";
import { findSticky, withMarker, type StickyTopic } from "../core/render/sticky.js";
import type { Octokit, RepoRef } from "./types.js";

/** A comment as Squadgate keeps it (see `CommentInfo`). */
export type IssueComment = CommentInfo;

type RawComment = {
  id: number;
  node_id?: string;
  body?: string | null;
  user?: { login: string } | null;
  updated_at?: string;
};

/** The fields Squadgate reads of a comment GitHub gave. */
export const commentInfo = (c: RawComment): CommentInfo => ({
  id: c.id,
  ...(c.node_id ? { nodeId: c.node_id } : {}),
  body: c.body ?? "",
  author: c.user?.login ?? "",
  ...(c.updated_at ? { updatedAt: c.updated_at } : {}),
});

/**
 * The last editor of a comment (one GraphQL read). GitHub records it and nobody can change it, so
 * it tells a comment our bot last wrote from one someone with write access edited afterwards, even
 * when they pasted back text our bot once wrote. Bots' logins come without the `[bot]` suffix here.
 */
export async function fetchCommentEditor(octokit: Octokit, nodeId: string): Promise<CommentEditor> {
  const data = await octokit.graphql<{
    node: { lastEditedAt: string | null; editor: { __typename: string; login: string } | null } | null;
  }>(`query ($id: ID!) { node(id: $id) { ... on IssueComment { lastEditedAt editor { __typename login } } } }`, {
    id: nodeId,
  });
  const node = data.node;
  if (!node?.lastEditedAt) return null;
  // An edit by an account GitHub no longer knows cannot be ours.
  return node.editor
    ? { login: node.editor.login, bot: node.editor.__typename === "Bot" }
    : { login: "ghost", bot: false };
}

/** Every comment on the pull request, every page. */
export async function listComments(octokit: Octokit, repo: RepoRef, issueNumber: number): Promise<IssueComment[]> {
  const raw = await octokit.paginate(octokit.rest.issues.listComments, {
    ...repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  return raw.map(commentInfo);
}

export type StickyWrite = "created" | "updated" | "unchanged";

/**
 * Makes our comment for `topic` say `body`: creates it, edits it, or leaves it alone when it already
 * says exactly that (comments are the most throttled writes GitHub has). Returns the comments as
 * they now stand, so a later step of the same delivery need not list them again.
 */
export async function upsertSticky(
  octokit: Octokit,
  input: {
    repo: RepoRef;
    issueNumber: number;
    topic: StickyTopic;
    body: string;
    botLogin: string;
    comments?: IssueComment[];
    keepExisting?: boolean;
  },
): Promise<{ write: StickyWrite; id: number; comments: IssueComment[] }> {
  const comments = input.comments ?? (await listComments(octokit, input.repo, input.issueNumber));
  // The renderers keep within GitHub's limit; this only guards, so a write is never refused for size.
  const body = clipToBytes(withMarker(input.topic, input.body), GITHUB_LIMITS.body);
  // `keepExisting`: leave the current comment as it is (evidence of tampering) and start a new one.
  const existing = input.keepExisting ? undefined : findSticky(comments, input.topic, input.botLogin);
  if (existing?.body === body) return { write: "unchanged", id: existing.id, comments };
  if (existing) {
    await octokit.rest.issues.updateComment({ ...input.repo, comment_id: existing.id, body });
    return { write: "updated", id: existing.id, comments: comments.map((c) => (c === existing ? { ...c, body } : c)) };
  }
  const { data } = await octokit.rest.issues.createComment({ ...input.repo, issue_number: input.issueNumber, body });
  return { write: "created", id: data.id, comments: [...comments, commentInfo(data)] };
}
