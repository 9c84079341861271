import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { Ajv, type AnySchemaObject, type ErrorObject, type ValidateFunction } from "ajv";
import formatsPlugin from "ajv-formats";

/**
 * Checks requests against GitHub's official OpenAPI description (`@octokit/openapi`), so the fake
 * GitHub used by the end-to-end tests answers only what the real API would accept: a known route, the
 * query parameters that route declares, well-formed path parameters and a request body that matches
 * the operation's JSON schema.
 */

export interface ApiCheck {
  ok: true;
  operationId: string;
  /** e.g. "GET /repos/{owner}/{repo}/pulls/{pull_number}" */
  route: string;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
}

export interface ApiFailure {
  ok: false;
  /** Human readable: method, path, and what is wrong. */
  error: string;
}

export interface ApiValidator {
  /** path is the request path WITHOUT the "/api/v3" prefix, may include a query string. body is the parsed JSON body or undefined. */
  check(method: string, path: string, body: unknown): ApiCheck | ApiFailure;
}

// ---------------------------------------------------------------------------------------------------
// The parts of an OpenAPI 3.0 document this module reads.

/** An OpenAPI 3.0 schema object: JSON Schema with `nullable`, `example`, `x-*` extensions. */
interface OpenApiSchema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  nullable?: boolean;
  items?: OpenApiSchema;
  oneOf?: OpenApiSchema[];
  anyOf?: OpenApiSchema[];
  [keyword: string]: unknown;
}

interface Reference {
  $ref: string;
}

interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: OpenApiSchema;
  /** GitHub's extension: the value may span several path segments (`contents/{path}`, `git/ref/{ref}`). */
  "x-multi-segment"?: boolean;
}

interface OpenApiOperation {
  operationId: string;
  parameters?: (OpenApiParameter | Reference)[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: OpenApiSchema }> };
}

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Partial<Record<string, OpenApiOperation>>>;
  components: { schemas: Record<string, OpenApiSchema>; parameters: Record<string, OpenApiParameter> };
}

const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];
const SCHEMA_REF = "#/components/schemas/";
const PARAMETER_REF = "#/components/parameters/";

// ---------------------------------------------------------------------------------------------------
// The index: a trie of path segments, each leaf holding the operations by method.

interface Operation {
  operationId: string;
  route: string;
  /** Names of the path template's parameters, in order. */
  pathParams: string[];
  /** Schemas of the path parameters, by name. */
  pathSchemas: Map<string, OpenApiSchema>;
  /** Schemas of the declared query parameters, by name. */
  query: Map<string, OpenApiSchema>;
  requiredQuery: string[];
  /** Absent when the operation takes no body; `schema` absent when the body is not JSON (e.g. `/markdown/raw`). */
  body?: { required: boolean; schema?: OpenApiSchema };
  /** Compiled on first use: most operations are never called. */
  validateBody?: ValidateFunction;
}

interface RouteNode {
  literals: Map<string, RouteNode>;
  /** A `{param}` segment. */
  param?: RouteNode;
  /** A `{param}` marked `x-multi-segment`, which may also absorb several unencoded segments. */
  multi?: RouteNode;
  /** By upper-case method. */
  operations: Map<string, Operation>;
}

const newNode = (): RouteNode => ({ literals: new Map(), operations: new Map() });

/** A match: the operation (or node, when looking for any method) and the raw path parameter values. */
interface Match<T> {
  found: T;
  captures: string[];
}

/**
 * Depth-first search of the trie. Literal segments are tried before template segments, so
 * `/pulls/comments` beats `/pulls/{pull_number}`; a multi-segment parameter takes one segment
 * before it tries more, so `/commits/{ref}/check-runs` keeps working with a ref containing slashes.
 */
function search<T>(
  node: RouteNode,
  segments: string[],
  index: number,
  captures: string[],
  accept: (node: RouteNode) => T | undefined,
): Match<T> | undefined {
  if (index === segments.length) {
    const found = accept(node);
    return found === undefined ? undefined : { found, captures: [...captures] };
  }
  const segment = segments[index] as string;
  const literal = node.literals.get(segment);
  const viaLiteral = literal && search(literal, segments, index + 1, captures, accept);
  if (viaLiteral) return viaLiteral;
  if (segment === "") return undefined; // an empty segment is never a parameter value
  for (const [child, maxLength] of [
    [node.param, 1],
    [node.multi, segments.length - index],
  ] as const) {
    if (!child) continue;
    for (let length = 1; length <= maxLength && segments[index + length - 1] !== ""; length++) {
      captures.push(segments.slice(index, index + length).join("/"));
      const found = search(child, segments, index + length, captures, accept);
      captures.pop();
      if (found) return found;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Building the index.

function resolveParameter(doc: OpenApiDocument, parameter: OpenApiParameter | Reference): OpenApiParameter {
  if (!("$ref" in parameter)) return parameter;
  const resolved = parameter.$ref.startsWith(PARAMETER_REF)
    ? doc.components.parameters[parameter.$ref.slice(PARAMETER_REF.length)]
    : undefined;
  if (!resolved) throw new Error(`OpenAPI description: cannot resolve parameter ${parameter.$ref}`);
  return resolved;
}

function toOperation(doc: OpenApiDocument, method: string, template: string, raw: OpenApiOperation): Operation {
  const parameters = (raw.parameters ?? []).map((p) => resolveParameter(doc, p));
  const pathSchemas = new Map<string, OpenApiSchema>();
  const query = new Map<string, OpenApiSchema>();
  for (const p of parameters) {
    if (p.in === "path") pathSchemas.set(p.name, p.schema ?? {});
    if (p.in === "query") query.set(p.name, p.schema ?? {});
  }
  const operation: Operation = {
    operationId: raw.operationId,
    route: `${method} ${template}`,
    pathParams: [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string),
    pathSchemas,
    query,
    requiredQuery: parameters.filter((p) => p.in === "query" && p.required).map((p) => p.name),
  };
  if (raw.requestBody) {
    const schema = raw.requestBody.content?.["application/json"]?.schema;
    operation.body = { required: raw.requestBody.required === true, ...(schema ? { schema } : {}) };
  }
  return operation;
}

/** Adds one path template's operations to the trie. */
function addPath(
  doc: OpenApiDocument,
  root: RouteNode,
  template: string,
  item: Partial<Record<string, OpenApiOperation>>,
): void {
  const operations = HTTP_METHODS.flatMap((m) =>
    item[m] ? [[m.toUpperCase(), toOperation(doc, m.toUpperCase(), template, item[m])] as const] : [],
  );
  const multiSegment = new Set(
    HTTP_METHODS.flatMap((m) =>
      (item[m]?.parameters ?? [])
        .map((p) => resolveParameter(doc, p))
        .filter((p) => p["x-multi-segment"] && p.in === "path")
        .map((p) => p.name),
    ),
  );
  let node = root;
  for (const segment of template.split("/").slice(1)) {
    const param = /^\{(.+)\}$/.exec(segment)?.[1];
    if (param === undefined) {
      const next = node.literals.get(segment) ?? newNode();
      node.literals.set(segment, next);
      node = next;
    } else if (multiSegment.has(param)) {
      node = node.multi ??= newNode();
    } else {
      node = node.param ??= newNode();
    }
  }
  for (const [method, operation] of operations) {
    // Two templates of the same shape (`attestations/{attestation_id}` and `attestations/{subject_digest}`)
    // differ by method in GitHub's description; the first one indexed would win otherwise.
    if (!node.operations.has(method)) node.operations.set(method, operation);
  }
}

/** A segment mixing literal text and parameters. */
const isMixedSegment = (segment: string): boolean => segment.includes("{") && !/^\{[^{}]+\}$/.test(segment);

function buildIndex(doc: OpenApiDocument): RouteNode {
  const root = newNode();
  for (const [template, item] of Object.entries(doc.paths)) {
    // The one template with a mixed segment, Octokit's legacy `/compare/{base}...{head}`, serves the
    // same URLs as GitHub's `/compare/{basehead}`; leaving it out keeps segments all-literal or all-parameter.
    if (template.split("/").some(isMixedSegment)) continue;
    addPath(doc, root, template, item);
  }
  return root;
}

// ---------------------------------------------------------------------------------------------------
// Parameters: path and query values arrive as strings, so they are checked loosely against their schema.

/** Why `value` does not fit `schema`, or undefined when it does. */
function paramProblem(
  value: string,
  schema: OpenApiSchema,
  schemas: Record<string, OpenApiSchema>,
): string | undefined {
  if (schema.$ref) {
    const target = schema.$ref.startsWith(SCHEMA_REF) ? schemas[schema.$ref.slice(SCHEMA_REF.length)] : undefined;
    return target ? paramProblem(value, target, schemas) : undefined;
  }
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) {
    const problems = alternatives.map((alternative) => paramProblem(value, alternative, schemas));
    return problems.includes(undefined) ? undefined : problems.join(", or ");
  }
  switch (schema.type) {
    case "integer":
      if (!/^-?\d+$/.test(value)) return "must be an integer";
      break;
    case "number":
      if (value.trim() === "" || !Number.isFinite(Number(value))) return "must be a number";
      break;
    case "boolean":
      if (value !== "true" && value !== "false") return "must be true or false";
      break;
    case "array":
      // Octokit joins array values with commas.
      return value
        .split(",")
        .map((item) => paramProblem(item, schema.items ?? {}, schemas))
        .find((problem) => problem !== undefined);
  }
  if (schema.enum && !schema.enum.some((allowed) => String(allowed) === value))
    return `must be one of ${schema.enum.join(", ")}`;
  return undefined;
}

/** Decodes the raw path parameter values (a multi-segment value is decoded segment by segment). */
function decodeParams(names: string[], captures: string[]): Record<string, string> | string {
  const params: Record<string, string> = {};
  for (const [i, name] of names.entries()) {
    try {
      params[name] = decodeURIComponent(captures[i] ?? "");
    } catch {
      return `path parameter ${name} has malformed percent-encoding: ${captures[i]}`;
    }
  }
  return params;
}

function pathProblems(
  operation: Operation,
  params: Record<string, string>,
  schemas: Record<string, OpenApiSchema>,
): string[] {
  return operation.pathParams.flatMap((name) => {
    const problem = paramProblem(params[name] ?? "", operation.pathSchemas.get(name) ?? {}, schemas);
    return problem ? [`path parameter ${name}=${JSON.stringify(params[name])} ${problem}`] : [];
  });
}

function queryProblems(operation: Operation, queryString: string, schemas: Record<string, OpenApiSchema>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [key, value] of new URLSearchParams(queryString)) {
    // GitHub also spells array parameters `owner[]=a&owner[]=b`.
    const name = key.endsWith("[]") && operation.query.get(key.slice(0, -2))?.type === "array" ? key.slice(0, -2) : key;
    const schema = operation.query.get(name);
    seen.add(name);
    if (!schema) {
      const declared = [...operation.query.keys()];
      problems.push(
        `query parameter ${key} is not declared (declared: ${declared.length ? declared.join(", ") : "none"})`,
      );
      continue;
    }
    const problem = paramProblem(value, schema, schemas);
    if (problem) problems.push(`query parameter ${key}=${JSON.stringify(value)} ${problem}`);
  }
  for (const name of operation.requiredQuery) if (!seen.has(name)) problems.push(`query parameter ${name} is required`);
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Request bodies: OpenAPI 3.0 schemas converted to the JSON Schema (draft-07) Ajv reads.

const SCHEMA_BASE = "https://squadgate.test/github-openapi/components/schemas/";
/** Keywords whose value is a schema, a list of schemas, or a map of schemas. */
const SUBSCHEMA = new Set(["items", "additionalProperties", "not"]);
const SUBSCHEMA_LIST = new Set(["allOf", "anyOf", "oneOf"]);
const SUBSCHEMA_MAP = new Set(["properties", "patternProperties"]);
/** Annotations with no bearing on validation; dropping them keeps compiled schemas small. */
const DROPPED = new Set([
  "nullable",
  "example",
  "examples",
  "description",
  "title",
  "discriminator",
  "xml",
  "externalDocs",
  "deprecated",
]);

const isObject = (value: unknown): value is OpenApiSchema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Converts an OpenAPI 3.0 schema to JSON Schema. `nullable: true` becomes a "null" type (and a null
 * enum member: GitHub marks enums nullable without listing null); refs are rewritten by `ref`.
 */
function toJsonSchema(schema: OpenApiSchema, ref: (name: string) => string): AnySchemaObject {
  // In OpenAPI 3.0 a $ref's siblings are ignored.
  if (schema.$ref) {
    if (!schema.$ref.startsWith(SCHEMA_REF)) throw new Error(`OpenAPI description: unsupported $ref ${schema.$ref}`);
    return { $ref: ref(schema.$ref.slice(SCHEMA_REF.length)) };
  }
  const out: AnySchemaObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key) || key.startsWith("x-")) continue;
    if (SUBSCHEMA.has(key) && isObject(value)) out[key] = toJsonSchema(value, ref);
    else if (SUBSCHEMA_LIST.has(key) && Array.isArray(value))
      out[key] = value.map((s: OpenApiSchema) => toJsonSchema(s, ref));
    else if (SUBSCHEMA_MAP.has(key) && isObject(value))
      out[key] = Object.fromEntries(Object.entries(value).map(([k, s]) => [k, toJsonSchema(s as OpenApiSchema, ref)]));
    else out[key] = value;
  }
  return schema.nullable === true ? allowNull(out) : out;
}

function allowNull(schema: AnySchemaObject): AnySchemaObject {
  // Without a type (`oneOf: [...], nullable: true`) there is nothing to widen: accept null beside it.
  if (typeof schema["type"] !== "string") return { anyOf: [{ type: "null" }, schema] };
  const widened: AnySchemaObject = { ...schema, type: [schema["type"], "null"] };
  if (Array.isArray(schema["enum"]) && !schema["enum"].includes(null)) widened["enum"] = [...schema["enum"], null];
  return widened;
}

function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  // ajv-formats is CommonJS; under nodenext its default export is the module object.
  formatsPlugin.default(ajv);
  // OpenAPI's numeric formats add nothing to `type: integer`/`number`; `repo.nwo` is GitHub's own.
  for (const format of ["int32", "int64", "double", "float", "binary", "timestamp"]) ajv.addFormat(format, true);
  ajv.addFormat("repo.nwo", /^[\w.-]+\/[\w.-]+$/);
  return ajv;
}

/** A JSON pointer into the body as a JavaScript-ish path: `/output/annotations/0` → `body.output.annotations[0]`. */
function bodyPath(pointer: string): string {
  return (
    "body" +
    pointer
      .split("/")
      .slice(1)
      .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
      .map((part) =>
        /^\d+$/.test(part) ? `[${part}]` : /^[A-Za-z_$][\w$]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`,
      )
      .join("")
  );
}

function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const detail =
    error.keyword === "enum" && Array.isArray(params["allowedValues"])
      ? ` (${params["allowedValues"].map((v) => JSON.stringify(v)).join(", ")})`
      : error.keyword === "additionalProperties"
        ? ` (${String(params["additionalProperty"])})`
        : "";
  return `${bodyPath(error.instancePath)} ${error.message ?? "is invalid"}${detail}`;
}

// ---------------------------------------------------------------------------------------------------
// The validator.

class GitHubApi implements ApiValidator {
  private readonly ajv = newAjv();
  /** Component schemas already handed to Ajv. */
  private readonly registered = new Set<string>();

  constructor(
    private readonly root: RouteNode,
    private readonly schemas: Record<string, OpenApiSchema>,
  ) {}

  check(method: string, path: string, body: unknown): ApiCheck | ApiFailure {
    const verb = method.toUpperCase();
    const fail = (what: string): ApiFailure => ({ ok: false, error: `${verb} ${path}: ${what}` });
    const queryStart = path.indexOf("?");
    const rawPath = queryStart === -1 ? path : path.slice(0, queryStart);
    if (!rawPath.startsWith("/")) return fail("path must start with /");
    // Segments stay percent-encoded while matching, so an encoded `/` stays inside its parameter.
    const segments = rawPath.split("/").slice(1);

    const match = search(this.root, segments, 0, [], (node) => node.operations.get(verb));
    if (!match) return fail(this.noRoute(segments));
    const operation = match.found;
    const params = decodeParams(operation.pathParams, match.captures);
    if (typeof params === "string") return fail(params);

    const problems = [
      ...pathProblems(operation, params, this.schemas),
      ...queryProblems(operation, queryStart === -1 ? "" : path.slice(queryStart + 1), this.schemas),
      ...this.bodyProblems(operation, body),
    ];
    if (problems.length) return fail(`${problems.join("; ")} [${operation.route}, ${operation.operationId}]`);
    return { ok: true, operationId: operation.operationId, route: operation.route, params };
  }

  /** "No such route", naming the methods the path does allow, if any. */
  private noRoute(segments: string[]): string {
    const other = search(this.root, segments, 0, [], (node) =>
      node.operations.size ? [...node.operations.keys()] : undefined,
    );
    return other
      ? `no such route in GitHub's OpenAPI description (this path allows ${other.found.join(", ")})`
      : "no such route in GitHub's OpenAPI description";
  }

  private bodyProblems(operation: Operation, body: unknown): string[] {
    if (!operation.body) return body === undefined ? [] : ["this operation takes no request body"];
    if (body === undefined) return operation.body.required ? ["a request body is required"] : [];
    if (!operation.body.schema) return []; // not a JSON body: nothing to check it against
    operation.validateBody ??= this.ajv.compile(toJsonSchema(operation.body.schema, (name) => this.schemaId(name)));
    const validate = operation.validateBody;
    if (validate(body)) return [];
    return [...new Set((validate.errors ?? []).map(describeError))].map((e) => `request ${e}`);
  }

  /** The Ajv id of a component schema, converting and registering it (and what it refers to) on first use. */
  private schemaId(name: string): string {
    const id = SCHEMA_BASE + encodeURIComponent(name);
    if (this.registered.has(name)) return id;
    const schema = this.schemas[name];
    if (!schema) throw new Error(`OpenAPI description: no schema ${name}`);
    this.registered.add(name); // before converting, so a recursive schema ends here
    this.ajv.addSchema(
      toJsonSchema(schema, (ref) => this.schemaId(ref)),
      id,
    );
    return id;
  }
}

async function load(): Promise<ApiValidator> {
  const file = createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.json");
  const doc = JSON.parse(await readFile(file, "utf8")) as OpenApiDocument;
  // The schema conversion above speaks OpenAPI 3.0 (`nullable`); 3.1 is JSON Schema 2020-12 and needs another.
  if (!doc.openapi.startsWith("3.0.")) throw new Error(`expected an OpenAPI 3.0 description, got ${doc.openapi}`);
  // Only the trie and the component schemas stay reachable; the rest of the 13 MB document can be collected.
  return new GitHubApi(buildIndex(doc), doc.components.schemas);
}

let loading: Promise<ApiValidator> | undefined;

/** GitHub's REST API, loaded and indexed once per process. */
export function loadGitHubApi(): Promise<ApiValidator> {
  if (!loading) {
    loading = load();
    loading.catch(() => (loading = undefined)); // a failed load is retried next time
  }
  return loading;
}
