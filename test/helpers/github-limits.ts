/**
 * GitHub's limits on what an app writes, enforced the way GitHub enforces them, for the nock mock
 * and the e2e fake: a comment or description body of at most 65,536 characters, a check run's
 * summary and text of at most 65,535 bytes ("exceeds a maximum bytesize"), 50 annotations per
 * request, and 15 review requests on a pull request (users and teams, those pending included; the
 * limit is undocumented and reported publicly, its exact message unknown). Past them GitHub answers
 * 422 and writes nothing. No nock here: the e2e fake must not load it.
 */
export type LimitedWrite = "body" | "check" | "reviewers";

export function limitRefusal(
  kind: LimitedWrite,
  body: unknown,
  pendingReviewers = 0,
): [number, Record<string, unknown>] | undefined {
  const b = (body ?? {}) as Record<string, any>;
  if (kind === "body" && typeof b["body"] === "string" && [...b["body"]].length > 65_536) {
    return [
      422,
      {
        message: "Validation Failed",
        errors: [
          {
            resource: "Issue",
            code: "custom",
            field: "body",
            message: "body is too long (maximum is 65536 characters)",
          },
        ],
      },
    ];
  }
  if (kind === "check") {
    for (const field of ["summary", "text"]) {
      const value = b["output"]?.[field];
      if (typeof value === "string" && Buffer.byteLength(value, "utf8") > 65_535) {
        return [
          422,
          {
            message: "Validation Failed",
            errors: [
              { resource: "CheckRun", code: "custom", field, message: `${field} exceeds a maximum bytesize of 65535` },
            ],
          },
        ];
      }
    }
    if ((b["output"]?.annotations?.length ?? 0) > 50)
      return [
        422,
        {
          message: "Validation Failed",
          errors: [
            {
              resource: "CheckRun",
              code: "custom",
              field: "annotations",
              message: "at most 50 annotations per request",
            },
          ],
        },
      ];
  }
  if (
    kind === "reviewers" &&
    pendingReviewers + (b["reviewers"]?.length ?? 0) + (b["team_reviewers"]?.length ?? 0) > 15
  ) {
    return [
      422,
      {
        message: "Validation Failed",
        errors: [
          {
            resource: "PullRequest",
            code: "custom",
            field: "reviewers",
            message: "at most 15 reviewers can be requested",
          },
        ],
      },
    ];
  }
  return undefined;
}
