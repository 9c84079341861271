import type { Handler } from "./routes.js";
import { APP } from "./state.js";

const notFound = { status: 404, json: { message: "Not Found" } };

/** App-level routes take the app's JWT, never an installation token (GitHub answers 401). */
const asApp =
  (then: Handler): Handler =>
  (req) =>
    /^bearer ey/i.test(String(req.headers.authorization ?? ""))
      ? then(req)
      : { status: 401, json: { message: "A JSON web token could not be decoded" } };

/** The app's own routes: its webhook deliveries and where it is installed. */
export const appHandlers: Record<string, Handler> = {
  // Newest first, paged by an opaque cursor as GitHub does.
  "GET /app/hook/deliveries": asApp((req) => {
    const perPage = Math.min(100, Number(req.query.get("per_page") ?? 30));
    const start = Number(req.query.get("cursor") ?? 0);
    const items = req.state.deliveries.slice(start, start + perPage);
    const next: Record<string, string> =
      start + perPage < req.state.deliveries.length
        ? { link: `<${req.baseUrl}/app/hook/deliveries?per_page=${perPage}&cursor=${start + perPage}>; rel="next"` }
        : {};
    const json = items.map((d) => ({
      ...d,
      duration: 0.1,
      status: d.status_code === 200 ? "OK" : `Invalid HTTP Response: ${d.status_code}`,
      installation_id: 1,
      repository_id: 1,
    }));
    return { status: 200, json, headers: next };
  }),

  // GitHub delivers again at once; the attempt is listed first, with the same GUID.
  "POST /app/hook/deliveries/{delivery_id}/attempts": asApp((req) => {
    const original = req.state.deliveries.find((d) => d.id === Number(req.params["delivery_id"]));
    if (!original) return notFound;
    req.state.redeliveryRequests.push(original.id);
    req.state.deliveries.unshift({
      ...original,
      id: req.state.id(),
      redelivery: true,
      status_code: 200,
      delivered_at: new Date().toISOString(),
    });
    return { status: 202, json: {} };
  }),

  "GET /repos/{owner}/{repo}/installation": asApp((req) => {
    const repo = req.state.find(req.params["owner"] ?? "", req.params["repo"] ?? "");
    if (!repo) return notFound;
    const account = { login: repo.owner, id: 1, type: "Organization" };
    return {
      status: 200,
      json: {
        id: 1,
        account,
        app_id: APP.id,
        app_slug: APP.slug,
        target_type: "Organization",
        permissions: {},
        events: [],
      },
    };
  }),
};
