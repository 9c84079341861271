import type { Context } from "probot";
import type { SquadgateEvent } from "../core/events.js";
import { renderWaiverRecord } from "../core/render/record-comment.js";
import { endWaivers, evaluateWaivers } from "../core/waivers.js";
import { reconcileGate } from "../github/gate.js";
import { WAIVER_LABEL } from "../core/state/channels.js";
import { gatherGate, signingScope } from "../github/gate-snapshot.js";
import { upsertSticky } from "../github/sticky-comment.js";
import { gateEnv, installationOf, type GateDeps } from "./gate.js";
import { pullRequestKey } from "./keyed-serializer.js";

/**
 * Removing the `squadgate: waiver` label ends the waivers then in force, on the record, at once:
 * re-adding the label by hand must not bring them back. (Without the label no waiver is read,
 * so the removal alone already makes the gate stricter; the record makes it last.)
 */
export async function runWaiverLabelRemoved(
  context: Context,
  deps: GateDeps,
  event: Extract<SquadgateEvent, { kind: "waiver-label-removed" }>,
): Promise<void> {
  const { owner, repo } = context.repo();
  const installationId = installationOf(context);
  const pull = { owner, repo, pull_number: event.pull };
  await deps.serializer.run(pullRequestKey(installationId, owner, repo, event.pull), async () => {
    const env = gateEnv(deps, installationId);
    const gathered = await gatherGate(context.octokit, {
      ...env,
      pull,
      baseRef: event.baseRef,
      headSha: event.headSha,
      readRecord: true,
    });
    if (gathered.status !== "ready") return;
    const { snapshot } = gathered;
    if (snapshot.pr.labels.includes(WAIVER_LABEL)) return; // put back meanwhile: nothing ended
    const now = new Date();
    const inForce = evaluateWaivers(snapshot.record, {
      headSha: snapshot.headSha,
      now,
      changesSince: snapshot.changesSince,
    }).filter((s) => s.state === "active");
    if (inForce.length === 0) return;
    const record = endWaivers(snapshot.record, now, new Set(inForce.map((s) => s.waiver)));
    await upsertSticky(context.octokit, {
      repo: { owner, repo },
      issueNumber: event.pull,
      topic: "record",
      body: renderWaiverRecord(
        { ...record, writtenAt: now.toISOString() },
        signingScope({ owner, repo, number: event.pull }, deps.secret),
      ),
      botLogin: await deps.botLogin(),
      ...(snapshot.comments ? { comments: snapshot.comments } : {}),
      ...(snapshot.recordTampered ? { keepExisting: true } : {}),
    });
    await reconcileGate(context.octokit, { ...snapshot, record }, now);
    context.log.info({ feature: "waivers", pr: event.pull, ended: inForce.length }, "waivers ended: label removed");
  });
}
