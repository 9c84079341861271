import { compileAssetKinds } from "../assets/classify.js";
import { templateFiles } from "../checklists/templates.js";
import { assemblePolicy, policyFiles, type LoadedPolicy, type Policy } from "../policy.js";
import { findSticky } from "../render/sticky.js";
import { touchedPaths, type ChangedFile } from "../gate/types.js";
import { type RequiredGroup, scanAssets } from "../gate/requirements.js";
import { requiredWithDataPolicies, withDataPolicies } from "./data-policies.js";
import { providersOf } from "../policies/providers/facts.js";
import { providerFiles } from "../policies/providers/verdict.js";
import type { ChecklistEdit } from "../checklists/state.js";
import type { EvalGateState } from "../evals/state.js";
import type { PullFacts, PullInfo } from "./facts.js";
import { WAIVER_LABEL } from "../state/channels.js";

/** What an evaluation is about and for whom, besides the facts. */
export interface PullContext {
  pull: { owner: string; repo: string; number: number };
  /** The base and head the event names (the live pull request may have moved since). */
  baseRef: string;
  headSha: string;
  /** Our bot's login: only its comments are ours. */
  botLogin: string;
  /** Signs the checklist's and the waiver record's data. */
  secret: string;
  /** Read the waiver record whatever the labels say (the waiver commands write to it). */
  readRecord?: boolean;
  /** The edit that triggered this evaluation, when someone edited the checklist's text. */
  checklistEdit?: ChecklistEdit;
  /** A fresh eval verdict for the head (from a finished eval run). */
  evalState?: EvalGateState;
  /** Judged only for another pull request's check write: the head's facts are the caller's. */
  sibling?: boolean;
}

/** Why the pull request is not judged now, if it is not. */
export function skipReason(pr: PullInfo, ctx: PullContext, drafts: "check" | "skip" | undefined): string | undefined {
  if (pr.state !== "open") return "pull request is closed";
  if (pr.draft && drafts === "skip") return "draft pull requests are skipped by config";
  // The base moved since the event; the event for the new base evaluates that.
  if (pr.base.ref !== ctx.baseRef) return "base branch changed since the event";
  return undefined;
}

/** What the change touches, as far as deciding which facts to read goes. */
export interface Touched {
  kinds: string[];
  changedPaths: string[];
  /** An AI asset or one of Squadgate's own policy files changed: owners and reviews matter. */
  needsOwners: boolean;
  /** The waiver record matters: the label says there are waivers, or a waiver command writes one. */
  hasWaivers: boolean;
  checklistInComment: boolean;
}

export function touched(facts: PullFacts, ctx: PullContext): Touched {
  const config = facts.config.config;
  const files = facts.files?.list ?? [];
  const changedPaths = touchedPaths(files);
  const kinds = config ? touchedKinds(compileAssetKinds(config.assets), files) : [];
  const governed = config ? new Set(policyFiles(config)) : new Set<string>();
  return {
    kinds,
    changedPaths,
    needsOwners:
      kinds.length > 0 ||
      changedPaths.some((path) => governed.has(path)) ||
      (config !== null && providerFiles(config, files).length > 0),
    hasWaivers: ctx.readRecord === true || (facts.pr?.labels.includes(WAIVER_LABEL) ?? false),
    checklistInComment: kinds.length > 0 && config?.checklists.where === "comment",
  };
}

/** Asset kinds the change touches (a rename counts at both ends), in first-seen order. */
function touchedKinds(classifier: ReturnType<typeof compileAssetKinds>, files: readonly ChangedFile[]): string[] {
  const kinds = new Set<string>();
  for (const file of files) {
    for (const kind of classifier.kindsOf(file.path)) kinds.add(kind);
    if (file.previousPath !== undefined) for (const kind of classifier.kindsOf(file.previousPath)) kinds.add(kind);
  }
  return [...kinds];
}

/** The base's policy, once its ownership file is known (absent facts read as no ownership file yet). */
export const basePolicy = (facts: PullFacts): LoadedPolicy => assemblePolicy(facts.config, facts.ownershipText ?? "");

/** The requirements of the changed files' owners, and those the policies add (data policies, a change of model provider). */
export const requiredGroups = (facts: PullFacts, policy: Policy): RequiredGroup[] =>
  withDataPolicies(
    requiredWithDataPolicies(policy, scanAssets(policy, facts.files?.list ?? []), facts),
    providersOf(facts, policy.config)?.required ?? [],
  ).required;

/** Checklist template files the touched kinds use, read at the base. */
export const templatePaths = (facts: PullFacts, kinds: readonly string[]): string[] => {
  const config = facts.config.config;
  return config && config.checklists.where !== "off" ? templateFiles(config, kinds) : [];
};

/** Our waiver record comment, when the comments were read. */
export const recordComment = (facts: PullFacts, ctx: PullContext) =>
  facts.comments ? findSticky(facts.comments, "record", ctx.botLogin) : undefined;

/** Our checklist comment's text, when the checklist lives in a comment and the comments were read. */
export const checklistCommentText = (facts: PullFacts, ctx: PullContext) =>
  facts.comments ? (findSticky(facts.comments, "checklist", ctx.botLogin)?.body ?? undefined) : undefined;
