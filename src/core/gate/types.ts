/** The facts about a pull request the gate decides on; fronts (GitHub, local git) build these. */

export interface ChangedFile {
  path: string;
  /** Set for renames: the old path counts too, so moving a prompt out of `prompts/` is still a prompt change. */
  previousPath?: string;
  status?: string;
  /** The diff GitHub's listing gives for the file (absent for binary or very large files, and past 3,000 files; "" for a rename that changes nothing). */
  patch?: string;
  /** Lines added, as GitHub's listing counts them. */
  additions?: number;
}

/** Every path a change touches: a rename counts at both ends. */
export const touchedPaths = (files: readonly ChangedFile[]): string[] =>
  files.flatMap((f) => (f.previousPath ? [f.path, f.previousPath] : [f.path]));

export type ReviewState = "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";

export interface Review {
  login: string;
  state: ReviewState;
  /** The commit the review was made on; null when GitHub garbage-collected it. */
  commitId: string | null;
  submittedAt?: string;
  /** GitHub says the reviewer is a bot (an app's account). */
  bot?: true;
}

export interface PullRequestFacts {
  author: string;
  draft: boolean;
  headSha: string;
  /** Repository owner: teams of other organisations cannot be requested here. */
  owner: string;
  files: readonly ChangedFile[];
  /** False when GitHub stopped listing files at its 3,000-file limit. */
  filesComplete: boolean;
  reviews: readonly Review[];
  requestedUsers: readonly string[];
  /** `org/slug` of teams already requested. */
  requestedTeams: readonly string[];
  /**
   * Lower-cased logins of everyone who pushed to the pull request or authored or committed its
   * commits, when that was read (only when someone's approval could count).
   */
  pushers?: readonly string[];
}

/** Lower-cased `org/slug` -> lower-cased logins of its members (child teams included). */
export type TeamMembers = ReadonlyMap<string, ReadonlySet<string>>;

/** Review commit -> paths changed between it and the head, or null when that cannot be known (force-push). */
export type ChangesSince = ReadonlyMap<string, readonly string[] | null>;
