import { PROBLEM_EXAMPLES, type Problem } from './common';

interface MediaType {
  schema?: unknown;
  example?: unknown;
  examples?: unknown;
}
interface ResponseObject {
  description?: string;
  content?: Record<string, MediaType>;
}
interface Document {
  paths?: Record<string, Record<string, { responses?: Record<string, ResponseObject> } | undefined>>;
  components?: { schemas?: Record<string, unknown> };
}

const byCode = new Map(PROBLEM_EXAMPLES.map((problem) => [problem.code, problem]));
const byStatus = new Map<number, Problem>();
for (const problem of PROBLEM_EXAMPLES)
  if (!byStatus.has(problem.status)) byStatus.set(problem.status, problem);

/** The example of an error response: the first `code` its description names, else its status's. */
export function problemExample(status: number, description = ''): Problem | undefined {
  for (const [, code] of description.matchAll(/`([a-z][a-z0-9_]*)`/g)) {
    const named = byCode.get(code ?? '');
    if (named?.status === status) return named;
  }
  return byStatus.get(status);
}

/**
 * The last touches on the generated document (the swagger plugin's `transformObject`):
 * - every problem+json response gets its own example at the media type. @fastify/swagger drops keywords
 *   beside a `$ref`, so a per-status example cannot ride on the shared `Problem` schema;
 * - components no operation reaches are dropped: the zod provider emits an input and an output variant of
 *   every named schema (`Connection`, `ConnectionInput`) and most are used one way only.
 */
export function finishOpenApiDocument<T extends object>(document: T): T {
  const doc = document as Document;
  for (const item of Object.values(doc.paths ?? {}))
    for (const operation of Object.values(item))
      for (const [status, response] of Object.entries(operation?.responses ?? {})) {
        const media = response.content?.['application/problem+json'];
        if (!media || media.example !== undefined || media.examples !== undefined) continue;
        const example = problemExample(Number(status), response.description);
        if (example) media.example = structuredClone(example);
      }
  const schemas = doc.components?.schemas;
  if (schemas) {
    const used = reachableSchemas({ ...doc, components: { ...doc.components, schemas: {} } }, schemas);
    for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name];
  }
  return document;
}

const PREFIX = '#/components/schemas/';

/** Names of the component schemas `root` refers to, directly or through other components. */
function reachableSchemas(root: unknown, schemas: Record<string, unknown>): Set<string> {
  const used = new Set<string>();
  const pending = [root];
  while (pending.length) {
    const node = pending.pop();
    if (Array.isArray(node)) pending.push(...(node as unknown[]));
    else if (node && typeof node === 'object')
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string' && value.startsWith(PREFIX)) {
          const name = value.slice(PREFIX.length);
          if (!used.has(name)) {
            used.add(name);
            pending.push(schemas[name]);
          }
        } else pending.push(value);
      }
  }
  return used;
}
