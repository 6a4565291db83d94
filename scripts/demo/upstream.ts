import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { demoDataset } from '../fake-pingcode/dataset';
import type { Dataset } from '../fake-pingcode/types';

/** Remembers when the demo first generated its upstream, so later runs mint the same ids. */
const STATE_FILE = 'demo-upstream.json';
const OBJECT_ID = /\b([0-9a-f]{8})([0-9a-f]{16})\b/g;

/**
 * The demo project with dates relative to now (one milestone stays a week late whenever the demo runs)
 * and ids from the first run in this DATA_DIR. The generator stamps each id with its creation time, so
 * a fresh dataset would carry new ids, and ClientLens would list a second WEB project on every run. An id
 * is `<creation time><machine><counter>`, and the counter follows the generation order, so
 * the ids are matched by the part after the timestamp.
 */
export function demoUpstream(dataDir: string, now: Date): Dataset {
  const fresh = demoDataset(now);
  const idsFrom = readIdsFrom(path.join(dataDir, STATE_FILE));
  if (!idsFrom) {
    writeFileSync(path.join(dataDir, STATE_FILE), `${JSON.stringify({ idsFrom: now.toISOString() })}\n`);
    return fresh;
  }
  const stable = new Map<string, string>();
  for (const [id, , rest] of JSON.stringify(demoDataset(idsFrom)).matchAll(OBJECT_ID))
    if (rest) stable.set(rest, id);
  const text = JSON.stringify(fresh).replace(OBJECT_ID, (id, _time, rest: string) => stable.get(rest) ?? id);
  const dataset = JSON.parse(text) as Dataset;
  // The fake serves items in this order ("by created_at, then id"), and some ids have changed.
  dataset.workItems.sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return dataset;
}

function readIdsFrom(file: string): Date | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const { idsFrom } = JSON.parse(readFileSync(file, 'utf8')) as { idsFrom?: unknown };
    const date = typeof idsFrom === 'string' ? new Date(idsFrom) : undefined;
    return date && !Number.isNaN(date.getTime()) ? date : undefined;
  } catch {
    return undefined;
  }
}
