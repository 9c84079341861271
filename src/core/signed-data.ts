import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * State that Squadgate keeps in text people can edit (the PR description, its own comments, which
 * anyone with write access may edit) is signed: HMAC with the app's secret, bound to the repository
 * and pull request. A hand-made, edited or copied payload fails verification and counts as absent.
 */
export interface SigningScope {
  secret: string;
  /** `owner/repo#number`: a payload only verifies on the pull request it was written for. */
  pullRequest: string;
}

const signatureOf = (scope: SigningScope, data: string) =>
  createHmac("sha256", scope.secret).update(`${scope.pullRequest}\n${data}`).digest("base64url").slice(0, 32);

/** `value` as `<base64url JSON>.<signature>`. */
export function signData(value: unknown, scope: SigningScope): string {
  const data = Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
  return `${data}.${signatureOf(scope, data)}`;
}

/** The parsed JSON when `raw` carries our signature for this scope; undefined otherwise (validate its shape separately). */
export function verifyData(raw: string | undefined, scope: SigningScope): unknown {
  if (!raw) return undefined;
  const [data = "", signature = ""] = raw.split(".");
  const expected = signatureOf(scope, data);
  if (signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected)))
    return undefined;
  try {
    return JSON.parse(Buffer.from(data, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}
