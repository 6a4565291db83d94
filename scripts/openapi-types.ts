import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';

/**
 * Writes test/support/api-types.ts, the TypeScript types of openapi/openapi.json that the typed client
 * (openapi-fetch) is checked against (`npm run openapi:types`), or with --check fails when the checked-in
 * file differs. Run it after `npm run openapi:export`.
 */
export const API_TYPES_FILE = new URL('../test/support/api-types.ts', import.meta.url);
const OPENAPI_FILE = new URL('../openapi/openapi.json', import.meta.url);

const HEADER = `// Generated from openapi/openapi.json by \`npm run openapi:types\`: do not edit.\n\n`;

export async function generateApiTypes(document = readFileSync(OPENAPI_FILE, 'utf8')): Promise<string> {
  const ast = await openapiTS(JSON.parse(document) as Parameters<typeof openapiTS>[0], {
    // A field with a default may be left out of a request; the response schemas list what is always sent.
    defaultNonNullable: false,
  });
  const filepath = fileURLToPath(API_TYPES_FILE);
  return format(`${HEADER}${astToString(ast)}`, { ...(await resolveConfig(filepath)), filepath });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const types = await generateApiTypes();
  if (process.argv.includes('--check')) {
    if (readFileSync(API_TYPES_FILE, 'utf8') !== types) {
      process.stderr.write('test/support/api-types.ts is out of date: run `npm run openapi:types`.\n');
      process.exit(1);
    }
    process.stdout.write('test/support/api-types.ts is up to date.\n');
  } else {
    writeFileSync(API_TYPES_FILE, types);
    process.stdout.write('Wrote test/support/api-types.ts\n');
  }
}
