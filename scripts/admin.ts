import { parseArgs } from 'node:util';
import { ConfigSchema } from '../service/config';
import { AppError } from '../service/errors';
import { createWorkspacesService } from '../service/services/workspaces.service';
import { openDatabase } from '../service/store/db';

/**
 * Admin CLI: `npm run admin -- <command>`. Needs only the database (DATABASE_URL or DATA_DIR), not Redis.
 *   workspace create <name> [--locale en|zh-CN|fr] [--timezone Asia/Shanghai]
 *   workspace list
 *   api-key create --workspace <id> [--name <label>]
 *   api-key list --workspace <id>
 *   api-key revoke <key id>
 */
const USAGE = `Usage: npm run admin -- <command>
  workspace create <name> [--locale en|zh-CN|fr] [--timezone <IANA zone>]
  workspace list
  api-key create --workspace <id> [--name <label>]
  api-key list --workspace <id>
  api-key revoke <key id>`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    workspace: { type: 'string' },
    name: { type: 'string' },
    locale: { type: 'string' },
    timezone: { type: 'string' },
  },
});

const env = ConfigSchema.pick({ DATABASE_URL: true, DATA_DIR: true }).parse(
  Object.fromEntries(Object.entries(process.env).filter(([, v]) => v)),
);
const database = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.DATA_DIR });
const workspaces = createWorkspacesService({ db: database.db });
const [resource, command, arg] = positionals;
const out = (line: string) => process.stdout.write(`${line}\n`);

function requireValue(value: string | undefined, what: string): string {
  if (!value) throw new Error(`Missing ${what}.\n\n${USAGE}`);
  return value;
}

try {
  switch (`${resource} ${command}`) {
    case 'workspace create': {
      const { workspace, key } = await workspaces.create({
        name: requireValue(arg, '<name>'),
        locale: values.locale,
        timezone: values.timezone,
      });
      out(`Workspace: ${workspace.id} (${workspace.name})`);
      out(`API key: ${key}`);
      out('Keep the key now: it is shown only this once.');
      break;
    }
    case 'workspace list':
      for (const w of await workspaces.list()) out(`${w.id}  ${w.name}  ${w.locale}  ${w.timezone}`);
      break;
    case 'api-key create': {
      const { apiKey, key } = await workspaces.createKey(
        requireValue(values.workspace, '--workspace <id>'),
        values.name ?? 'cli',
      );
      out(`API key ${apiKey.id} (${apiKey.name}): ${key}`);
      out('Keep the key now: it is shown only this once.');
      break;
    }
    case 'api-key list':
      for (const k of await workspaces.listKeys(requireValue(values.workspace, '--workspace <id>')))
        out(
          `${k.id}  ${k.prefix}…  ${k.name}  created ${k.createdAt.toISOString()}  ` +
            `${k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : `last used ${k.lastUsedAt?.toISOString() ?? 'never'}`}`,
        );
      break;
    case 'api-key revoke': {
      const key = await workspaces.revokeKey(requireValue(arg, '<key id>'));
      out(`Revoked ${key.id} (${key.prefix}…). Requests with it now answer 401.`);
      break;
    }
    default:
      throw new Error(USAGE);
  }
} catch (error) {
  process.stderr.write(`${error instanceof AppError ? error.message : (error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await database.close();
}
