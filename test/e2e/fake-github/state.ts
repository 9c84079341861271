/**
 * The fake GitHub's world: one organisation's repositories with files per ref, pull requests,
 * reviews, check runs, comments, teams and eval workflow runs. Handlers read and change it; tests
 * set it up and assert on it afterwards ("exactly one check run per commit").
 */

export interface FakeFile {
  filename: string;
  status: string;
  previous_filename?: string;
  /** The diff GitHub's listing gives (absent for binary files). */
  patch?: string;
  additions?: number;
}

/** A commit of a pull request: who authored and committed it (logins), and its message. */
export interface FakeCommit {
  sha: string;
  author: string;
  authorEmail?: string;
  committer: string;
  message: string;
}

export interface FakeReview {
  id: number;
  login: string;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED";
  commit_id: string;
  submitted_at: string;
}

export interface FakePull {
  number: number;
  state: "open" | "closed";
  draft: boolean;
  title: string;
  body: string;
  author: string;
  headRef: string;
  headSha: string;
  baseRef: string;
  baseSha: string;
  files: FakeFile[];
  reviews: FakeReview[];
  requestedUsers: string[];
  requestedTeams: string[];
  labels: string[];
  /** Who pushed to its head branch (GitHub's activity log); its author when not set. */
  pushers?: string[];
  /** "Bot" for an app's account, or Copilot. */
  authorType?: "User" | "Bot";
  /** Its commits; one by its author, with no message, when not set. */
  commits?: FakeCommit[];
  /** GitHub's timestamps, when a test gives them: each change through the API moves `updatedAt`. */
  createdAt?: string;
  updatedAt?: string;
  /** Earlier versions of its description, oldest first (GitHub's edit history); `text: null` was deleted from it. */
  bodyHistory?: { editedAt: string; text: string | null }[];
}

export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  external_id: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  app: { id: number; slug: string };
  /** Every annotation sent to it: GitHub adds each request's to the run's, and never removes one. */
  annotations?: Record<string, unknown>[];
}

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  login: string;
  type: "User" | "Bot";
  reactions: string[];
  /** GitHub stamps every creation and edit. */
  updatedAt?: string;
  /** Who last edited it (GitHub's GraphQL `editor`), when anyone did. */
  editedBy?: string;
}

export interface FakeArtifact {
  id: number;
  runId: number;
  name: string;
  zip: Buffer;
  expired?: boolean;
}

export interface FakeRun {
  id: number;
  workflow: string;
  event: string;
  head_sha: string;
  head_branch: string;
  status: string;
  conclusion: string | null;
  display_title: string;
  /** Started as `/eval` dispatches are: by our app's bot (else by the login given). */
  actor?: string;
  /** Pushed as a tag named like the branch: its commit is not on the branch. */
  tag?: boolean;
}

export interface FakeRepo {
  id: number;
  owner: string;
  name: string;
  defaultBranch: string;
  /** ref (branch or commit) -> path -> text */
  files: Map<string, Map<string, string>>;
  /** commit -> paths changed since, as `compare` reports (base...head keyed "base...head"). */
  compares: Map<string, string[]>;
  pulls: Map<number, FakePull>;
  checkRuns: FakeCheckRun[];
  comments: FakeComment[];
  collaborators: Map<string, string>;
  runs: FakeRun[];
  artifacts: FakeArtifact[];
  dispatches: { workflow: string; ref: string; inputs: Record<string, string> }[];
  /** The default branch's merge queue, first in line first: each entry's pull request and its merge group's commit. */
  mergeQueue: { number: number; sha: string }[];
  /** How the default branch's rules require the Squadgate check: pinned to our app (the default), unpinned, or not at all. */
  requiredCheck: "pinned" | "unpinned" | "none";
}

/** One attempt at delivering a webhook to the app, as `GET /app/hook/deliveries` lists it. */
export interface FakeDelivery {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  status_code: number;
  event: string;
  action: string | null;
}

export const APP = { id: 4242, slug: "squadgate" };
export const BOT_LOGIN = `${APP.slug}[bot]`;
/** Where every branch's tip is. */
export const BRANCH_TIP = "b".repeat(40);

export class FakeState {
  readonly repos = new Map<string, FakeRepo>();
  /** org/slug -> logins */
  readonly teams = new Map<string, string[]>();
  /** installation ids the app is installed on */
  readonly installations = new Set<number>([1]);
  /** The app's webhook deliveries, newest first, and the ids the app asked GitHub to deliver again. */
  readonly deliveries: FakeDelivery[] = [];
  readonly redeliveryRequests: number[] = [];
  private nextId = 1000;

  id(): number {
    return this.nextId++;
  }

  repo(owner: string, name: string, init: Partial<Pick<FakeRepo, "defaultBranch">> = {}): FakeRepo {
    const key = `${owner}/${name}`.toLowerCase();
    let repo = this.repos.get(key);
    if (!repo) {
      repo = {
        id: this.id(),
        owner,
        name,
        defaultBranch: init.defaultBranch ?? "main",
        files: new Map(),
        compares: new Map(),
        pulls: new Map(),
        checkRuns: [],
        comments: [],
        collaborators: new Map(),
        runs: [],
        artifacts: [],
        dispatches: [],
        requiredCheck: "pinned",
        mergeQueue: [],
      };
      this.repos.set(key, repo);
    }
    return repo;
  }

  find(owner: string, name: string): FakeRepo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  /** Writes files at a ref (branch name or commit sha). */
  commit(repo: FakeRepo, ref: string, files: Record<string, string>): void {
    const tree = repo.files.get(ref) ?? new Map<string, string>();
    for (const [path, text] of Object.entries(files)) tree.set(path, text);
    repo.files.set(ref, tree);
  }

  pull(repo: FakeRepo, init: Partial<FakePull> & { number: number; headSha: string; files: FakeFile[] }): FakePull {
    const pull: FakePull = {
      state: "open",
      draft: false,
      title: "Update the support prompt",
      body: "",
      author: "author",
      headRef: "feature",
      baseRef: repo.defaultBranch,
      baseSha: "b".repeat(40),
      reviews: [],
      requestedUsers: [],
      requestedTeams: [],
      labels: [],
      ...init,
    };
    repo.pulls.set(pull.number, pull);
    return pull;
  }
}
