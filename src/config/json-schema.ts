import * as z from "zod";
import { configSchema } from "./schema.js";

/** JSON Schema of squadgate.yml as users write it, for editors (yaml-language-server) and docs. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }),
    $id: "https://squadgate.dev/schema/squadgate.schema.json",
    title: "Squadgate policy (.github/squadgate.yml)",
  };
}
