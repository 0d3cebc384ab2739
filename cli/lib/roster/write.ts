import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientScript } from './client-script';
import { rosterCsv } from './csv';
import { dashboardDocument } from './page';
import type { Roster } from './schema';

/** ROSTER_FILES are the files a roster run writes into its output folder. */
export const ROSTER_FILES = ['roster.json', 'roster.csv', 'index.html'] as const;

/** writeRoster writes roster.json, roster.csv and index.html into `dir` (created if needed). */
export function writeRoster(dir: string, roster: Roster): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'roster.json'), JSON.stringify(roster, null, 2) + '\n');
  writeFileSync(join(dir, 'roster.csv'), rosterCsv(roster));
  writeFileSync(join(dir, 'index.html'), dashboardDocument(roster, clientScript()));
}
