import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, test } from 'vitest';
import { generateOpenApi, OPENAPI_FILE } from '../../scripts/openapi-export';

interface Operation {
  operationId?: string;
  tags?: string[];
  summary?: string;
}
type Document = Parameters<typeof SwaggerParser.validate>[0] & {
  paths: Record<string, Record<string, Operation>>;
};

describe('openapi/openapi.json', () => {
  test('matches the routes (run `npm run openapi:export` after changing a route)', async () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(await generateOpenApi());
  });

  test('is a valid OpenAPI 3.1 document where every operation has an id, tags and a summary', async () => {
    const read = () => JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as Document;
    await expect(SwaggerParser.validate(read())).resolves.toBeTruthy();
    const operations = Object.values(read().paths).flatMap((item) => Object.values(item));
    expect(operations.length).toBeGreaterThan(10);
    for (const op of operations) {
      expect(op.operationId).toBeTruthy();
      expect(op.tags?.length).toBeGreaterThan(0);
      expect(op.summary).toBeTruthy();
    }
  });
});
