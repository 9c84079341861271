import type { Context, Probot } from "probot";
import { renderWaiverRecord } from "../core/render/record-comment.js";
import { endWaivers, evaluateWaivers } from "../core/waivers.js";
import { reconcileGate } from "../github/gate.js";
import { gatherGate, signingScope, WAIVER_LABEL } from "../github/gate-snapshot.js";
import { upsertSticky } from "../github/sticky-comment.js";
import { gateEnv, type GateDeps } from "./gate.js";
import { pullRequestKey } from "./keyed-serializer.js";

/**
 * Removing the `squadgate: waiver` label ends the waivers then in force, on the record, at once:
 * re-adding the label by hand must not bring them back. (Without the label no waiver is read,
 * so the removal alone already makes the gate stricter; the record makes it last.)
 */
export function registerWaiverLabel(app: Probot, deps: GateDeps): void {
  app.on("pull_request.unlabeled", async (context: Context<"pull_request.unlabeled">) => {
    const { label, pull_request: pr } = context.payload;
    if (label?.name !== WAIVER_LABEL) return;
    const { owner, repo } = context.repo();
    const installationId = context.payload.installation?.id ?? 0;
    const pull = { owner, repo, pull_number: pr.number };
    await deps.serializer.run(pullRequestKey(installationId, owner, repo, pr.number), async () => {
      const env = gateEnv(deps, installationId);
      const gathered = await gatherGate(context.octokit, {
        ...env,
        pull,
        baseRef: pr.base.ref,
        headSha: pr.head.sha,
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
        issueNumber: pr.number,
        topic: "record",
        body: renderWaiverRecord(
          { ...record, writtenAt: now.toISOString() },
          signingScope({ owner, repo, number: pr.number }, deps.secret),
        ),
        botLogin: await deps.botLogin(),
        ...(snapshot.comments ? { comments: snapshot.comments } : {}),
        ...(snapshot.recordTampered ? { keepExisting: true } : {}),
      });
      await reconcileGate(context.octokit, { ...snapshot, record }, now);
      context.log.info({ feature: "waivers", pr: pr.number, ended: inForce.length }, "waivers ended: label removed");
    });
  });
}
