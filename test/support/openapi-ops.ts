import { readFileSync } from 'node:fs';

/**
 * The operations of the checked-in OpenAPI document, for tests that must cover every route: they enumerate
 * from the document, so a route added later is covered without touching the test.
 */
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As documented, e.g. `/api/v1/projects/{id}/tasks/{taskId}`. */
  path: string;
  operationId: string;
  parameters: Parameter[];
  /** The JSON body's schema, when the operation takes one. */
  body: JsonSchema | undefined;
  bodyRequired: boolean;
  /** Status codes the document lists. */
  responses: string[];
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, RawOperation>>;
  components: { schemas: Record<string, JsonSchema> };
}
interface RawOperation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema: JsonSchema }> };
  responses?: Record<string, unknown>;
}

export function loadOpenApi(): OpenApiDoc {
  return JSON.parse(
    readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8'),
  ) as OpenApiDoc;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function operations(doc: OpenApiDoc, prefix = '/api/v1/'): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith(prefix)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      out.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        operationId: op.operationId ?? `${method} ${path}`,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema,
        bodyRequired: op.requestBody?.required ?? false,
        responses: Object.keys(op.responses ?? {}),
      });
    }
  }
  return out;
}

export const pathParams = (op: Operation): string[] =>
  [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);

/** `/projects/{id}/tasks/{taskId}` with values substituted (URL-encoded). */
export const fillPath = (op: Operation, values: Record<string, string>): string =>
  op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(values[name] ?? ''));

const SINGULAR: Record<string, string> = {
  connections: 'connection',
  syncs: 'syncRun',
  projects: 'project',
  tasks: 'task',
  milestones: 'milestone',
  updates: 'update',
  'share-links': 'shareLink',
  'webhook-subscriptions': 'webhookSubscription',
  deliveries: 'delivery',
  feedback: 'feedback',
};

/**
 * Which resource a path parameter names: `{taskId}` → `task`; `{id}` → the collection before it
 * (`/share-links/{id}` → `shareLink`). An unknown collection answers its own name, so a new resource shows
 * up as a kind the test has no id for.
 */
export function paramKind(op: Operation, param: string): string {
  if (param !== 'id' && param.endsWith('Id')) return param.slice(0, -2);
  const segments = op.path.split('/');
  const index = segments.indexOf(`{${param}}`);
  const collection = segments[index - 1] ?? '';
  return SINGULAR[collection] ?? collection;
}

/** What a body or query field holding an id names: `projectId` → `project`, `id` → undefined. */
export const fieldKind = (name: string): string | undefined =>
  name !== 'id' && name.endsWith('Id') ? name.slice(0, -2) : undefined;

export function resolve(doc: OpenApiDoc, schema: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; current.$ref && hops < 20; hops++) {
    const name = current.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) throw new Error(`unresolved ${current.$ref}`);
    // Keywords beside a $ref (OpenAPI 3.1) apply too; the target's own win.
    const { $ref: _ref, ...siblings } = current;
    current = { ...siblings, ...target };
  }
  return current;
}

export const typesOf = (schema: JsonSchema): string[] =>
  schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];

/** Values a schema's `string` cannot express (refinements in the zod schema): by property name. */
export type Hints = Record<string, unknown>;

/**
 * The smallest value a schema accepts: required properties only, first enum value, defaults where given,
 * ids from `idFor(fieldName)`. Refinements the document cannot express come from `hints` (by property name;
 * a hinted property is sent even when optional).
 */
export function minimalValue(
  doc: OpenApiDoc,
  schema: JsonSchema,
  options: { hints: Hints; idFor: (field: string) => string },
  name = '',
  depth = 0,
): unknown {
  const s = resolve(doc, schema);
  if (name in options.hints) return options.hints[name];
  if (depth > 12) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const branches = s.anyOf ?? s.oneOf;
  if (branches?.length) {
    const nonNull = branches.find((b) => !typesOf(resolve(doc, b)).includes('null')) ?? branches[0]!;
    return minimalValue(doc, nonNull, options, name, depth + 1);
  }
  if (s.allOf?.length) return minimalValue(doc, s.allOf[0]!, options, name, depth + 1);
  const type = typesOf(s).find((t) => t !== 'null') ?? (s.properties ? 'object' : 'null');
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      // Hinted properties are sent even when optional: a body such as "a reply or a status" needs one.
      const hinted = Object.keys(s.properties ?? {}).filter((key) => key in options.hints);
      for (const key of new Set([...(s.required ?? []), ...hinted]))
        out[key] = minimalValue(doc, s.properties?.[key] ?? {}, options, key, depth + 1);
      return out;
    }
    case 'array': {
      const n = s.minItems ?? 0;
      return Array.from({ length: n }, () => minimalValue(doc, s.items ?? {}, options, name, depth + 1));
    }
    case 'string':
      if (s.format === 'uuid') return options.idFor(name);
      if (s.format === 'date-time') return new Date(Date.now() + 30 * 86_400_000).toISOString();
      if (s.format === 'date') return '2030-01-15';
      if (s.format === 'email') return 'someone@example.com';
      if (s.format === 'uri') return 'https://example.com/';
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    case 'integer':
    case 'number':
      return s.default ?? s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return s.default ?? false;
    default:
      return null;
  }
}
