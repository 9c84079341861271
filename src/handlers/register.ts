import type { Context, Probot } from "probot";
import { meterRequests, rateLimitedCost, type Spend } from "../github/conditional-requests.js";
import type { SquadgateEvent } from "../core/events.js";
import { runCommands } from "./commands.js";
import { runWorkflowRun, type EvalDeps } from "./evals.js";
import { installationOf, runChecklistComment, runRefresh, runRerun } from "./gate.js";
import { runMergeGroup } from "./merge-group.js";
import { runPolicyPush } from "./policy-push.js";
import { runTeamChange } from "./team-change.js";
import { TRIGGERS, type TriggerContext, type WebhookName } from "./triggers.js";
import { runWaiverLabelRemoved } from "./waiver-label.js";

/** Told what each event spent of the installation's GitHub budget (the metrics endpoint counts it). */
export type SpendObserver = (event: SquadgateEvent["kind"], spend: Spend) => void;

/** Subscribes to every webhook in the trigger table: read it into an event (or skip it), then run the event. */
export function registerTriggers(app: Probot, deps: EvalDeps, observe?: SpendObserver): void {
  for (const name of Object.keys(TRIGGERS) as WebhookName[]) {
    app.on(name, async (context: Context<typeof name>) => {
      const read = TRIGGERS[name] as (
        payload: unknown,
        ctx: TriggerContext,
      ) => ReturnType<(typeof TRIGGERS)[typeof name]>;
      const triggered = await read(context.payload, {
        senderIsBot: context.isBot,
        botLogin: deps.botLogin,
        appId: deps.appId,
        now: () => new Date(),
      });
      if ("skip" in triggered) return context.log.debug({ webhook: name, skipped: triggered.skip }, "nothing to do");
      await runMetered(context, deps, triggered.event, observe);
    });
  }
}

/**
 * Runs an event with its GitHub reads revalidated (free 304s where nothing changed) and logs what
 * it spent: requests, the rate-limited ones among them, and the installation's remaining budget.
 */
async function runMetered(context: Context, deps: EvalDeps, event: SquadgateEvent, observe?: SpendObserver) {
  const spend = meterRequests(context.octokit, { cache: deps.caches.responses, scope: installationOf(context) });
  try {
    await runEvent(context, deps, event);
  } finally {
    observe?.(event.kind, spend);
    context.log.info(
      {
        event: event.kind,
        github: {
          requests: spend.requests,
          rateLimited: rateLimitedCost(spend),
          notModified: spend.notModified,
          ...(spend.remaining !== undefined ? { remaining: spend.remaining, limit: spend.limit } : {}),
        },
      },
      "GitHub spend",
    );
  }
}

/** Runs one event: the only place that knows which handler serves which kind. */
export function runEvent(context: Context, deps: EvalDeps, event: SquadgateEvent): Promise<void> {
  switch (event.kind) {
    case "refresh":
      return runRefresh(context, deps, event);
    case "checklist-comment":
      return runChecklistComment(context, deps, event);
    case "commands":
      return runCommands(context, deps, event);
    case "waiver-label-removed":
      return runWaiverLabelRemoved(context, deps, event);
    case "rerun":
      return runRerun(context, deps, event);
    case "workflow-run":
      return runWorkflowRun(context, deps, event);
    case "merge-group":
      return runMergeGroup(context, deps, event);
    case "policy-push":
      return runPolicyPush(context, deps, event);
    case "team-change":
      return runTeamChange(context, deps, event);
  }
}
