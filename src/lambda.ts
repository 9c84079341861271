import { isRejection } from "./runtime/metrics.js";
import { loadFromEnv, type Loaded } from "./runtime/from-env.js";
import { redeliverFailed } from "./runtime/redelivery.js";
import { redeliveryOptions } from "./runtime/settings.js";

/** The request as an AWS Lambda function URL or an API Gateway HTTP API (payload 2.0) passes it. */
export interface HttpEvent {
  headers?: Record<string, string | undefined>;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext?: { http?: { method?: string } };
}

export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Squadgate as a function behind an HTTP endpoint. It verifies the delivery's signature and does all
 * the work before it answers: a function may be frozen as soon as it returns, so nothing may be left
 * running. GitHub gives up waiting after 10 s and marks the delivery failed though the work goes on
 * to the end; the redelivery schedule (`redeliver`) sends it again, which changes nothing that is
 * already right.
 */
export function createWebhookHandler(
  load: () => Promise<Pick<Loaded, "probot" | "squadgate">>,
): (event: HttpEvent) => Promise<HttpResult> {
  return async (event) => {
    if ((event.requestContext?.http?.method ?? "POST") !== "POST")
      return reply(405, { error: "POST webhook deliveries here" });
    const header = (name: string) =>
      event.headers?.[name] ?? Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];
    const [id, name, signature] = [
      header("x-github-delivery"),
      header("x-github-event"),
      header("x-hub-signature-256"),
    ];
    if (!id || !name || !signature)
      return reply(400, {
        error: "not a GitHub webhook delivery: x-github-delivery, x-github-event and x-hub-signature-256 are required",
      });
    const payload = event.isBase64Encoded
      ? Buffer.from(event.body ?? "", "base64").toString("utf8")
      : (event.body ?? "");
    const { probot, squadgate } = await load();
    try {
      await probot.webhooks.verifyAndReceive({ id, name, signature, payload });
      await squadgate.idle();
      return reply(200, { ok: true });
    } catch (error) {
      if (isRejection(error)) return reply(400, { error: "the signature does not match the payload and secret" });
      probot.log.error({ err: error, id, event: name }, "delivery failed");
      return reply(500, { error: "the delivery failed; see the function's log" });
    }
  };
}

/** For a schedule (e.g. EventBridge every 5 minutes): ask GitHub to redeliver failed deliveries, once each. */
export function createRedeliveryHandler(load: () => Promise<Loaded>): () => Promise<{ redelivered: number }> {
  return async () => {
    const { probot, runtime, settings } = await load();
    const octokit = await probot.auth();
    const done = await redeliverFailed(octokit, {
      coordinator: runtime.coordinator,
      ...redeliveryOptions(settings),
      now: new Date(),
      log: probot.log,
    });
    return { redelivered: done.length };
  };
}

const reply = (statusCode: number, body: object): HttpResult => ({
  statusCode,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

// One Probot per function instance, built on its first request and kept while the instance lives.
let loaded: Promise<Loaded> | undefined;
const fromEnv = () => (loaded ??= loadFromEnv());

export const handler = createWebhookHandler(fromEnv);
export const redeliver = createRedeliveryHandler(fromEnv);
