import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

/** The budget for the panel's JavaScript, gzipped: it loads inside someone else's page. */
export const PANEL_BUDGET_BYTES = 60 * 1024;
const root = path.resolve(import.meta.dirname, '..');

/** Builds the panel (plugin/ → plugin/dist) and returns the gzipped size of each asset. */
export async function buildPanel(): Promise<{
  files: [name: string, gzipped: number][];
  javascript: number;
}> {
  await build({ configFile: path.join(root, 'plugin/vite.config.ts') });
  const assets = path.join(root, 'plugin/dist/assets');
  const files = readdirSync(assets).map(
    (file) => [file, gzipSync(readFileSync(path.join(assets, file))).length] as [string, number],
  );
  const javascript = files.filter(([file]) => file.endsWith('.js')).reduce((sum, [, size]) => sum + size, 0);
  return { files, javascript };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const { files, javascript } = await buildPanel();
  for (const [file, size] of files) console.log(`  ${file}: ${kb(size)} gzipped`);
  const share = ((javascript / PANEL_BUDGET_BYTES) * 100).toFixed(0);
  console.log(
    `panel JavaScript: ${kb(javascript)} gzipped of a ${kb(PANEL_BUDGET_BYTES)} budget (${share} %)`,
  );
  if (javascript > PANEL_BUDGET_BYTES) {
    console.error('The panel is over its size budget: trim dependencies before adding more.');
    process.exit(1);
  }
}
