/**
 * Sequential round trips to GitHub, counted where the app makes its requests (an Octokit plugin in
 * the test Probot): a request's depth is one more than the deepest request that had completed when
 * it started. Counting on the client side keeps this right for answers without a body (304s), which
 * reach the app before nock reports them replied.
 */
let started = 0;
let deepestDone = 0;
let deepest = 0;

export const roundTrips = {
  get count(): number {
    return deepest;
  },
  reset(): void {
    deepestDone = 0;
    deepest = 0;
  },
  get requests(): number {
    return started;
  },
};

type Hookable = {
  hook: {
    wrap(
      name: "request",
      wrapper: (request: (o: { url?: string }) => Promise<unknown>, o: { url?: string }) => Promise<unknown>,
    ): void;
  };
};

/** The Octokit plugin: Squadgate asking who it is (`GET /app`, once per process) is left out, as in the mock's counts. */
export function countRoundTrips(octokit: unknown): void {
  (octokit as Hookable).hook.wrap("request", async (request, options) => {
    if (options.url === "/app") return request(options);
    started++;
    const depth = deepestDone + 1;
    deepest = Math.max(deepest, depth);
    try {
      return await request(options);
    } finally {
      deepestDone = Math.max(deepestDone, depth);
    }
  });
}
