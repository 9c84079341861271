import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { FakeGitHub } from "../fake-github/server.js";
import { FakeState } from "../fake-github/state.js";
import { startApp, type AppProcess } from "./app-process.js";

/**
 * Per test file: the built app as its own process against one stateful fake GitHub, started once.
 * After each test, every request the app made must be one GitHub's OpenAPI description allows and
 * one the fake knows, and no write may be past GitHub's size limits; then the fake's log is reset.
 * `ready` hands both to the test file once they run.
 */
export function useAppAgainstFake(ready: (world: { fake: FakeGitHub; app: AppProcess }) => void): void {
  let fake: FakeGitHub | undefined;
  let app: AppProcess | undefined;
  beforeAll(async () => {
    fake = new FakeGitHub(new FakeState());
    await fake.start();
    app = await startApp({ githubHost: fake.host });
    ready({ fake, app });
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    await fake?.stop();
  });
  afterEach(() => {
    expect(fake?.violations).toEqual([]);
    expect(fake?.unhandled).toEqual([]);
    expect(fake?.refusals).toEqual([]);
    fake?.reset();
  });
}
