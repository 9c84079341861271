import type { Context, Probot } from "probot";
import type { SquadgateEvent } from "../core/events.js";
import { runCommands } from "./commands.js";
import { runWorkflowRun, type EvalDeps } from "./evals.js";
import { runChecklistComment, runRefresh, runRerun } from "./gate.js";
import { runMergeGroup } from "./merge-group.js";
import { runPolicyPush } from "./policy-push.js";
import { TRIGGERS, type TriggerContext, type WebhookName } from "./triggers.js";
import { runWaiverLabelRemoved } from "./waiver-label.js";

/** Subscribes to every webhook in the trigger table: read it into an event (or skip it), then run the event. */
export function registerTriggers(app: Probot, deps: EvalDeps): void {
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
      await runEvent(context, deps, triggered.event);
    });
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
  }
}
