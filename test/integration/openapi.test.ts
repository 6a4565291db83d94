import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, test } from 'vitest';
import { generateOpenApi, OPENAPI_FILE } from '../../scripts/openapi-export';
import { API_TYPES_FILE, generateApiTypes } from '../../scripts/openapi-types';

type Json = Record<string, unknown>;
interface Media {
  schema?: Json;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
}
interface ResponseObject {
  description?: string;
  content?: Record<string, Media>;
}
interface Operation {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, ResponseObject>;
}
interface Document {
  tags: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = () => JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as Document;
const operations = (doc: Document) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, path, op })),
  );

describe('openapi/openapi.json', () => {
  test('matches the routes (run `npm run openapi:export` after changing a route)', async () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(await generateOpenApi());
  });

  test('is a valid OpenAPI 3.1 document where every operation has an id, tags and a summary', async () => {
    await expect(SwaggerParser.validate(read() as never)).resolves.toBeTruthy();
    const doc = read();
    const declared = new Set(doc.tags.map((tag) => tag.name));
    const all = operations(doc);
    expect(all.length).toBeGreaterThan(40);
    for (const { name, op } of all) {
      expect(op.operationId, name).toBeTruthy();
      expect(op.tags?.length, name).toBeGreaterThan(0);
      for (const tag of op.tags ?? []) expect(declared, `${name}: tag ${tag}`).toContain(tag);
      expect(op.summary, name).toBeTruthy();
      expect(op.description, name).toBeTruthy();
    }
  });

  test('every operation documents its error answers and describes each answer', () => {
    for (const { name, path, op } of operations(read())) {
      const statuses = Object.keys(op.responses ?? {});
      if (path.startsWith('/api/v1/'))
        // Bad input, no key, the per-key rate limit, our own failure.
        for (const status of ['400', '401', '429', '500']) expect(statuses, name).toContain(status);
      if (op.requestBody) expect(statuses, name).toContain('413');
      // Inbound webhooks take any media type (the bytes are verified as sent); /api/v1 takes JSON only.
      if (op.requestBody && path.startsWith('/api/v1/')) expect(statuses, name).toContain('415');
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        expect(response.description, `${name} ${status}`).not.toBe('Default Response');
        // Errors are problem+json; a not-ready /readyz answers its checks instead.
        if (Number(status) >= 400 && op.operationId !== 'getReadiness')
          expect(Object.keys(response.content ?? {}), `${name} ${status}`).toEqual([
            'application/problem+json',
          ]);
      }
    }
  });

  test('every request body and every answer with a body carries an example', () => {
    const doc = read();
    const component = (schema: Json | undefined) =>
      typeof schema?.$ref === 'string'
        ? doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')]
        : schema;
    const hasExample = (media: Media) =>
      media.example !== undefined ||
      Object.values(media.examples ?? {}).some((e) => e.value !== undefined) ||
      component(media.schema)?.example !== undefined;
    for (const { name, op } of operations(doc)) {
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {}))
        expect(hasExample(media), `${name} request ${type}`).toBe(true);
      for (const [status, response] of Object.entries(op.responses ?? {}))
        for (const [type, media] of Object.entries(response.content ?? {}))
          expect(hasExample(media), `${name} ${status} ${type}`).toBe(true);
    }
  });

  test('every example is valid against its own schema', () => {
    const doc = read();
    const sites = exampleSites(doc);
    // Every operation has examples (above), so there are at least as many sites as operations.
    expect(sites.length).toBeGreaterThan(operations(doc).length);
    const validate = exampleValidator(doc);
    const invalid = sites.flatMap((site) => {
      const errors = validate(site.schemaPointer, site.value);
      return errors ? [{ at: site.at, errors }] : [];
    });
    expect(invalid).toEqual([]);
  });

  test('the example check fails on an example that its schema refuses', () => {
    const doc = read();
    const connection = doc.components.schemas.Connection!;
    connection.example = { ...(connection.example as Json), provider: 'trello', lastSyncedAt: 'yesterday' };
    const site = exampleSites(doc).find((s) => s.at === '#/components/schemas/Connection/example')!;
    expect(exampleValidator(doc)(site.schemaPointer, site.value)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('/provider must be equal to one of the allowed values'),
        expect.stringContaining('/lastSyncedAt must match format "date-time"'),
      ]),
    );
  });
});

describe('spectral lint (ruleset spectral:oas, .spectral.yaml)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'clientlens-spectral-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test('finds no error in openapi/openapi.json', async () => {
    const results = await spectral(fileURLToPath(OPENAPI_FILE));
    const errors = results.filter((r) => r.severity === 0);
    expect(errors.map((r) => `${r.code} at ${r.path.join('.')}: ${r.message}`)).toEqual([]);
  });

  test('does report errors: a broken copy of the document fails', async () => {
    const doc = read();
    doc.components.schemas.Problem!.example = { status: 'not a number' };
    doc.paths['/api/v1/projects']!.get!.operationId = 'getProject';
    const broken = join(scratch, 'broken.json');
    writeFileSync(broken, JSON.stringify(doc));
    const codes = new Set((await spectral(broken)).filter((r) => r.severity === 0).map((r) => r.code));
    expect(codes).toEqual(new Set(['operation-operationId-unique', 'oas3-valid-schema-example']));
  });
});

describe('test/support/api-types.ts', () => {
  test('matches the document (run `npm run openapi:types` after `npm run openapi:export`)', async () => {
    expect(readFileSync(API_TYPES_FILE, 'utf8')).toBe(await generateApiTypes());
  });
});

interface SpectralResult {
  code: string;
  message: string;
  severity: number;
  path: string[];
}

/** `spectral lint` as `npm run openapi:lint` runs it (the repository's .spectral.yaml), as JSON results. */
async function spectral(file: string): Promise<SpectralResult[]> {
  const bin = join(ROOT, 'node_modules/.bin/spectral');
  const args = ['lint', file, '--ruleset', join(ROOT, '.spectral.yaml'), '--format', 'json', '--quiet'];
  // Exit code 1 means "problems at or above --fail-severity" (default error): read the output either way.
  const { stdout } = await promisify(execFile)(bin, args, { cwd: ROOT }).catch(
    (error: { stdout?: string; code?: number }) => {
      if (error.code === 1 && error.stdout) return { stdout: error.stdout };
      throw error;
    },
  );
  return stdout.trim() ? (JSON.parse(stdout) as SpectralResult[]) : [];
}

interface ExampleSite {
  /** JSON pointer of the example, for the failure message. */
  at: string;
  /** JSON pointer of the schema it must satisfy. */
  schemaPointer: string;
  value: unknown;
}

const pointer = (parts: string[]) =>
  `#/${parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;

type Role = 'schema' | 'map' | 'other';
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs'];

/** What the value under `key` is: a schema, a map of named schemas, or other OpenAPI structure. */
function roleOf(role: Role, key: string, path: string[]): Role {
  if (role === 'map') return 'schema';
  if (role === 'schema') return SCHEMA_MAPS.includes(key) ? 'map' : 'schema';
  if (key === 'schema') return 'schema';
  if (key === 'schemas' && path.at(-1) === 'components') return 'map';
  return 'other';
}

/**
 * Every example of the document with the schema it must satisfy: `example`/`examples` of schema objects
 * (components and inline), and of media types and parameters (against their `schema`).
 */
function exampleSites(doc: Document): ExampleSite[] {
  const sites: ExampleSite[] = [];
  const visit = (node: unknown, path: string[], role: Role) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((child, i) => visit(child, [...path, String(i)], role === 'map' ? 'schema' : role));
      return;
    }
    const object = node as Json;
    const parent = path.at(-2);
    const isMedia = parent === 'content' && role === 'other';
    const isParameter = role === 'other' && typeof object.in === 'string' && 'schema' in object;
    if (isMedia || isParameter) {
      const schemaPointer = pointer([...path, 'schema']);
      if (object.example !== undefined)
        sites.push({ at: pointer([...path, 'example']), schemaPointer, value: object.example });
      for (const [name, example] of Object.entries((object.examples ?? {}) as Record<string, Json>))
        sites.push({
          at: pointer([...path, 'examples', name, 'value']),
          schemaPointer,
          value: example.value,
        });
    } else if (role === 'schema') {
      const schemaPointer = pointer(path);
      if (object.example !== undefined)
        sites.push({ at: pointer([...path, 'example']), schemaPointer, value: object.example });
      if (Array.isArray(object.examples))
        object.examples.forEach((value, i) =>
          sites.push({ at: pointer([...path, 'examples', String(i)]), schemaPointer, value }),
        );
    }
    for (const [key, child] of Object.entries(object)) {
      if (key === 'example' || key === 'examples') continue; // values, not schemas
      visit(child, [...path, key], roleOf(role, key, path));
    }
  };
  visit(doc, [], 'other');
  return sites;
}

/** Validates a value against the schema at a pointer of the document (JSON Schema 2020-12, formats on). */
function exampleValidator(doc: Document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  // zod writes `.startsWith()` as this format beside the `pattern` that checks it.
  ajv.addFormat('starts_with', true);
  ajv.addSchema({ $id: 'urn:clientlens:openapi', ...doc });
  return (schemaPointer: string, value: unknown): string[] | null => {
    const validate = ajv.getSchema(`urn:clientlens:openapi${schemaPointer}`);
    if (!validate) return [`no schema at ${schemaPointer}`];
    if (validate(value)) return null;
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  };
}
