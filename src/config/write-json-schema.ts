import { writeFile } from "node:fs/promises";
import { configJsonSchema } from "./json-schema.js";

/** `npm run schema`: regenerates the committed JSON Schema from the zod schema. */
const target = new URL("../../src/config/squadgate.schema.json", import.meta.url);
await writeFile(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${target.pathname.split("/").slice(-3).join("/")}\n`);
