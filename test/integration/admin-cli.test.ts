import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { spawnScript } from '../support/process';

/** `npm run admin -- …` against an embedded database in a fresh DATA_DIR. */
describe('admin CLI', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'clientlens-admin-'));
  const admin = async (...args: string[]) => {
    const p = spawnScript({ DATA_DIR: dataDir, CLI_ARGS: JSON.stringify(args) }, 'test/support/run-admin.ts');
    const { code } = await p.waitForExit(60_000);
    return { code, out: p.output() };
  };

  test('workspace create prints a key once; lists show only its prefix; revoke works', async () => {
    const created = await admin(
      'workspace',
      'create',
      'Acme',
      '--locale',
      'zh-CN',
      '--timezone',
      'Asia/Shanghai',
    );
    expect(created.code).toBe(0);
    const workspaceId = /Workspace: (\S+)/.exec(created.out)![1]!;
    const key = /API key: (cl_\S+)/.exec(created.out)![1]!;
    expect(created.out).toContain('shown only this once');

    expect((await admin('workspace', 'list')).out).toContain(`${workspaceId}  Acme  zh-CN  Asia/Shanghai`);

    const second = await admin('api-key', 'create', '--workspace', workspaceId, '--name', 'ci');
    expect(second.code).toBe(0);
    const secondId = /API key (\S+) \(ci\)/.exec(second.out)![1]!;

    const listed = await admin('api-key', 'list', '--workspace', workspaceId);
    expect(listed.out).toContain(key.slice(0, 10));
    expect(listed.out).not.toContain(key);
    expect(listed.out.trim().split('\n')).toHaveLength(2);

    const revoked = await admin('api-key', 'revoke', secondId);
    expect(revoked.code).toBe(0);
    expect((await admin('api-key', 'list', '--workspace', workspaceId)).out).toMatch(
      /ci {2}created \S+ {2}revoked/,
    );
    expect((await admin('api-key', 'revoke', secondId)).code).toBe(1);
  }, 90_000);

  test.each([
    [['workspace', 'create'], /Missing <name>/],
    [['workspace', 'create', 'X', '--locale', 'de'], /locale must be one of en, zh-CN, fr/],
    [['workspace', 'create', 'X', '--timezone', 'Nowhere/City'], /timezone must be an IANA time zone/],
    [['api-key', 'list'], /Missing --workspace/],
    [['frobnicate'], /Usage: npm run admin/],
  ])(
    '%j fails with a plain message',
    async (args, message) => {
      const { code, out } = await admin(...args);
      expect(code).toBe(1);
      expect(out).toMatch(message);
      expect(out).not.toMatch(/at .*\.ts:\d+/);
    },
    30_000,
  );
});
