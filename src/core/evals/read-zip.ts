import { fromBufferPromise, type Entry } from "yauzl";

/**
 * The file in which an eval run states the commit it evaluated (40 hex digits). A run's results
 * count only for the commit they prove, never for whichever commit a run's title claims.
 */
export const COMMIT_FILE = "squadgate-commit.txt";
export const isCommitFile = (name: string) => name === COMMIT_FILE || name.endsWith(`/${COMMIT_FILE}`);

/** What an eval artifact may contain; anything past these is refused before or while inflating. */
export const ZIP_LIMITS = { maxEntries: 50, maxEntryBytes: 20 * 1024 * 1024, maxTotalBytes: 50 * 1024 * 1024 };

export class ArtifactError extends Error {}

export interface ZipFileEntry {
  name: string;
  text: string;
}

/**
 * An inspect_ai `.eval` log is itself a zip, of one JSON file per sample: it may hold many more
 * entries than an artifact, within the same bytes.
 */
export const EVAL_LOG_LIMITS = { maxEntries: 20_000, maxEntryBytes: 20 * 1024 * 1024, maxTotalBytes: 50 * 1024 * 1024 };

/**
 * The result files (`.json`, `.yaml`, `.yml`, and inspect_ai's `.eval` logs, turned into their JSON
 * form) and the commit file inside a zipped artifact. yauzl checks each entry's inflated size
 * against its declared size and refuses `..` or absolute names; on top of that the entry count,
 * each declared size and the running total are capped, so a zip bomb costs at most the limits,
 * never the server. `evalLogs: false` reads a `.eval` log's own entries (it nests no further).
 */
export async function readZipTextFiles(
  zip: Buffer,
  limits = ZIP_LIMITS,
  options: { evalLogs?: boolean } = {},
): Promise<ZipFileEntry[]> {
  const evalLogs = options.evalLogs ?? true;
  let zipfile: Awaited<ReturnType<typeof fromBufferPromise>>;
  try {
    zipfile = await fromBufferPromise(zip, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true });
  } catch (error) {
    throw new ArtifactError(`not a readable zip file (${(error as Error).message})`);
  }
  try {
    if (zipfile.entryCount > limits.maxEntries)
      throw new ArtifactError(`the zip has ${zipfile.entryCount} entries; at most ${limits.maxEntries} are read`);
    const files: ZipFileEntry[] = [];
    let total = 0;
    for await (const entry of zipfile.eachEntry()) {
      const evalLog = evalLogs && /\.eval$/i.test(entry.fileName);
      if (
        entry.fileName.endsWith("/") ||
        !(/\.(json|ya?ml)$/i.test(entry.fileName) || isCommitFile(entry.fileName) || evalLog)
      )
        continue;
      if (entry.uncompressedSize > limits.maxEntryBytes) {
        throw new ArtifactError(
          `${entry.fileName} is ${mb(entry.uncompressedSize)} uncompressed; the limit is ${mb(limits.maxEntryBytes)}`,
        );
      }
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes)
        throw new ArtifactError(`the zip holds more than ${mb(limits.maxTotalBytes)} of result files`);
      const data = await readEntry(zipfile, entry, limits.maxEntryBytes);
      files.push({
        name: entry.fileName,
        text: evalLog ? await evalLogAsJson(entry.fileName, data) : data.toString("utf8"),
      });
    }
    return files;
  } catch (error) {
    if (error instanceof ArtifactError) throw error;
    const unsafe = UNSAFE_NAME.exec((error as Error).message);
    if (unsafe)
      throw new ArtifactError(
        `the zip holds an entry named ${JSON.stringify(unsafe[2])}, which is ${UNSAFE_WHY[unsafe[1] as string] ?? "not a plain relative name"}; refused`,
      );
    throw new ArtifactError(`the zip is damaged or lies about its sizes (${(error as Error).message})`);
  } finally {
    zipfile.close();
  }
}

/**
 * An inspect_ai `.eval` log as the JSON log would hold it: `header.json` (eval, status, results)
 * and each `samples/*.json`, cut to what the parser reads (ids, scores, output), since a sample's
 * events and messages can run to megabytes.
 */
async function evalLogAsJson(name: string, zip: Buffer): Promise<string> {
  let entries: ZipFileEntry[];
  try {
    entries = await readZipTextFiles(zip, EVAL_LOG_LIMITS, { evalLogs: false });
  } catch (error) {
    throw new ArtifactError(`${name} (an inspect_ai log): ${(error as Error).message}`);
  }
  const parse = (entry: ZipFileEntry) => {
    try {
      return JSON.parse(entry.text) as unknown;
    } catch {
      throw new ArtifactError(`${name}: ${entry.name} is not valid JSON`);
    }
  };
  const header = entries.find((e) => e.name === "header.json");
  if (!header) throw new ArtifactError(`${name} has no header.json, so it is not an inspect_ai log`);
  const samples = entries
    .filter((e) => /^samples\/[^/]+\.json$/.test(e.name))
    .map((e) => {
      const sample = parse(e) as Record<string, unknown> | null;
      return sample && typeof sample === "object"
        ? { id: sample["id"], epoch: sample["epoch"], scores: sample["scores"], output: sample["output"] }
        : {};
    });
  return JSON.stringify({ ...(parse(header) as object), samples });
}

async function readEntry(
  zipfile: Awaited<ReturnType<typeof fromBufferPromise>>,
  entry: Entry,
  max: number,
): Promise<Buffer> {
  const stream = await zipfile.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      stream.destroy();
      throw new ArtifactError(`${entry.fileName} inflates past ${mb(max)}`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** yauzl's words for an entry name that could escape the folder it is unzipped to (its strictFileNames check). */
const UNSAFE_NAME = /^(invalid relative path|absolute path|invalid characters in fileName): (.*)$/s;
const UNSAFE_WHY: Record<string, string> = {
  "invalid relative path": "a path that climbs out of the artifact (..)",
  "absolute path": "an absolute path",
  "invalid characters in fileName": "a name with backslashes",
};

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
