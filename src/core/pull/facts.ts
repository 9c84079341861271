import type { Problem } from "../../config/problems.js";
import type { ConfigResult } from "../../config/validate-config.js";
import type { HeadStateRead } from "../gate/head-state.js";
import type { ChangedFile, ChangesSince, Review, TeamMembers } from "../gate/types.js";
import type { LicenceTexts } from "../policies/licences/reads.js";
import type { SensitiveFinding } from "../policies/sensitive-data/scan.js";

/**
 * Everything the gate decides one pull request on, as plain data read from GitHub (or built from
 * git by the CLI). Which optional facts are present is decided by `planPullFacts`: the shell reads
 * what the plan asks for and nothing else.
 */

/** A pull request as far as the gate is concerned. */
export interface PullInfo {
  number: number;
  state: string;
  draft: boolean;
  author: string;
  body: string;
  labels: string[];
  base: { ref: string; sha: string; owner: string };
  head: { sha: string; ref: string; label?: string; repo?: { owner: string; name: string } };
  /** Logins, and `org/slug` of teams, already asked to review. */
  requestedUsers: string[];
  requestedTeams: string[];
  /** How many files GitHub says changed, when the read that gave the pull request says (the single read does). */
  changedFiles?: number;
  /** GitHub says the author is a bot (an app's account, or Copilot). */
  authorBot?: true;
  /** How many commits GitHub says it has, when the read that gave the pull request says. */
  commits?: number;
  /** When it was opened and last changed: equal while nobody has reviewed, commented or edited it. */
  createdAt?: string;
  updatedAt?: string;
}

/** Our check run on a commit, as listed. */
export interface CheckInfo {
  id: number;
  externalId: string | null;
  text: string | null;
  status: string;
  conclusion: string | null;
}

/** A pull request's comment, as far as Squadgate reads comments (its own sticky ones). */
export interface CommentInfo {
  id: number;
  nodeId?: string;
  body: string;
  author: string;
  updatedAt?: string;
}

/** Who last edited a comment, as GitHub records it; null when nobody has since it was written. */
export type CommentEditor = { login: string; bot: boolean } | null;

/** Who put content in a pull request (lower-cased logins), and what could not be read about it. */
export interface Pushers {
  logins: string[];
  problem?: Problem;
  /** Its commits as listed (GitHub lists at most 250), for the agent policy. */
  commits?: CommitInfo[];
  /** Who pushed to its head branch, as GitHub's activity log records them; absent when unreadable. */
  pushedBy?: string[];
}

/** Who a commit names as its author or committer: the git identity, and the GitHub account it maps to. */
export interface CommitPerson {
  name: string;
  email: string;
  login?: string;
  bot?: true;
}

/** A commit of the pull request: its message and its people. */
export interface CommitInfo {
  sha: string;
  message: string;
  /**
   * Set when only the message's start and end were kept: `message` is its first `headLines` lines,
   * a line "…", then its end, whose first line is line `tailFrom` of the whole message.
   */
  cut?: { headLines: number; tailFrom: number };
  author: CommitPerson;
  committer: CommitPerson;
}

/** Earlier versions of the pull request's description (GitHub's edit history), oldest first. */
export interface DescriptionHistory {
  revisions: { editedAt: string; text: string | null; editor?: string; deletedBy?: string }[];
  /** Revisions in the middle of a long history that were not read. */
  unread: number;
}

/**
 * A changed file's text at the head (null: absent there), or why it was not read. A reader that
 * has the old version at hand (git, for the CLI) gives it as `base`; GitHub's is rebuilt from the diff.
 */
export type HeadText =
  | { text: string | null; base?: string | null }
  | { skipped: "too-large" | "binary" | "not-read"; bytes?: number };

/** The head commit's shared facts: our check run there, what it remembers, and the pull requests GitHub associates with it. */
export interface HeadFacts {
  /** The commit these facts are about. */
  sha: string;
  check?: CheckInfo;
  state: HeadStateRead;
  /** Open pull requests at the head, when they were asked for (not for a pull request judged as a sibling). */
  pulls?: PullInfo[];
  /** The head's turn-taking mark when the check was read (see the shell's queues). */
  mark: number;
}

/** Texts of the committed eval result files (`evals.files`), at base and head. */
export type CommittedEvalTexts = { path: string; suite: string; base: string | null; head: string | null }[];

export interface PullFacts {
  /** The base branch's config: absent (not opted in), broken (problems), or valid. */
  config: ConfigResult;
  pr?: PullInfo;
  files?: { list: ChangedFile[]; complete: boolean };
  head?: HeadFacts;
  ownershipText?: string | null;
  reviews?: Review[];
  /** Problems of the pull request's own policy files, found at its head. */
  headPolicyProblems?: Problem[];
  comments?: CommentInfo[];
  /** Who last edited our waiver record comment (by node id). */
  recordEditor?: CommentEditor;
  templateFiles?: ReadonlyMap<string, string | null>;
  committedEvals?: CommittedEvalTexts;
  teams?: { members: TeamMembers; problems: Problem[] };
  pushers?: Pushers;
  changesSince?: ChangesSince;
  /** Earlier versions of the description, when the agent policy needed them. */
  descriptionHistory?: DescriptionHistory;
  /** Changed model configs and prompts at the head, by path, when the providers policy needed them. */
  modelFiles?: ReadonlyMap<string, HeadText>;
  /** Cards and model configs, at base and head, for the licence policy. */
  licenceTexts?: LicenceTexts;
  /** Secrets secretlint found on the added dataset lines marked for it. */
  secretFindings?: SensitiveFinding[];
}
