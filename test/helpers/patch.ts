import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The diff GitHub shows for a changed file (`patch` in a pull request's file listing): git's
 * unified diff, from the first hunk on. `null` stands for the file missing on that side.
 */
export async function githubPatch(before: string | null, after: string | null): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "squadgate-patch-"));
  try {
    const side = async (name: string, text: string | null) => {
      if (text === null) return "/dev/null";
      await writeFile(join(dir, name), text);
      return join(dir, name);
    };
    const [a, b] = [await side("a", before), await side("b", after)];
    const diff = await new Promise<string>((resolve, reject) =>
      execFile("git", ["diff", "--no-index", "--no-color", "--unified=3", a, b], (error, stdout) =>
        // git diff --no-index exits 1 when the files differ.
        error && error.code !== 1 ? reject(error) : resolve(stdout),
      ),
    );
    const start = diff.indexOf("\n@@");
    return start < 0 ? "" : diff.slice(start + 1).replace(/\n$/, "");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
