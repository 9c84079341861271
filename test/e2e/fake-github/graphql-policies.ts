import type { FakeState } from "./state.js";

type Request = { query?: string; variables?: Record<string, unknown> };

/**
 * The GraphQL queries of Squadgate's policies: a pull request's description history
 * (`userContentEdits`, both ends of it) and files at a commit (`object(expression: "<sha>:<path>")`,
 * aliased per file). The answer's `data`, or undefined for any other query.
 */
export function policyQuery(state: FakeState, request: Request): unknown {
  const query = request.query ?? "";
  const variables = request.variables ?? {};
  const repo = state.find(String(variables["owner"] ?? ""), String(variables["name"] ?? ""));
  if (/pullRequest\(number: \$number\)[\s\S]*userContentEdits/.test(query)) {
    const pull = repo?.pulls.get(Number(variables["number"]));
    if (!pull) return { repository: repo ? { pullRequest: null } : null };
    const nodes = (pull.bodyHistory ?? []).map((r, i) => ({
      id: `UCE_${pull.number}_${i}`,
      editedAt: r.editedAt,
      deletedAt: r.text === null ? r.editedAt : null,
      diff: r.text,
      editor: { login: pull.author },
      deletedBy: r.text === null ? { login: pull.author } : null,
    }));
    const page = { totalCount: nodes.length, nodes };
    return { repository: { pullRequest: { oldest: page, newest: { ...page, nodes: [...nodes].reverse() } } } };
  }
  if (/object\(expression: \$e0\)/.test(query)) {
    const repository: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(variables)) {
      if (!/^e\d+$/.test(name)) continue;
      const [ref = "", ...path] = String(value).split(":");
      const text = repo?.files.get(ref)?.get(path.join(":"));
      repository[`f${name.slice(1)}`] =
        text === undefined ? null : { byteSize: Buffer.byteLength(text), isBinary: false, isTruncated: false, text };
    }
    return { repository: repo ? repository : null };
  }
  return undefined;
}
