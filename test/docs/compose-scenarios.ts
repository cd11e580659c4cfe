// The scenarios of docs/errors.md for ini files (loadApp, gserve), kept beside
// errors-messages.test.ts, which runs them: each writes a small ini file into the folder of
// the compiled fixtures (shown as /app) and loads it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadApp, type GAplic } from '../../src/node.js';
import { bench } from '../fixtures/compose-apps.js';
import type { ErrorScenario, FaultScenario as Scenario } from './scenario-types.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const INI_DIR = join(FIXTURES, 'ini');

/** Writes `ini/<name>` beside the compiled fixtures; returns its path. */
export function writeIni(name: string, text: string): string {
  mkdirSync(INI_DIR, { recursive: true });
  const file = join(INI_DIR, name);
  writeFileSync(file, text);
  return file;
}

/** A composite whose main app is `[app:front]` with `front` lines. */
export function composite(front: string, more = ''): string {
  return `[composite:main]
use = call:ginsfsm#gaplicFactory
main = front
${more}
[app:front]
${front}
`;
}

const FRONT = 'use = call:../compose-apps.js#frontMain';

type FaultScenario = Scenario<{ readonly gaplic: GAplic }>;

const load = (name: string, text: string) => () => loadApp(writeIni(name, text));

export const composeErrors: ErrorScenario[] = [
  ['INI_SYNTAX', load('syntax.ini', composite(`${FRONT}\nDesk.times 3`))],
  ['INI_UNKNOWN_SECTION', load('server.ini', `${composite(FRONT)}\n[server:main]\nport = 8000\n`)],
  ['INI_UNKNOWN_SECTION', load('missing-app.ini', composite(FRONT, 'threads = calc'))],
  ['INI_MISSING_USE', load('no-use.ini', composite('name = Front'))],
  ['INI_BAD_MODULE', load('no-module.ini', composite('use = call:./front.js#frontMain'))],
  ['INI_BAD_MODULE', load('egg.ini', composite('use = egg:front#main'))],
  ['INI_BAD_EXPORT', load('no-export.ini', composite('use = call:../compose-apps.js#notAFactory'))],
  [
    'INI_FACTORY_FAILED',
    load('throws.ini', composite('use = call:../compose-apps.js#throwingMain')),
  ],
  ['INI_BAD_SETTING', load('bad-times.ini', composite(`${FRONT}\nDesk.times = many`))],
  [
    'INI_BAD_SETTING',
    load(
      'bad-restart.ini',
      composite(FRONT, 'threads = calc') +
        '[app:calc]\nuse = call:../remote-apps.js#calcMain\nrestart = sometimes\n',
    ),
  ],
];

export const composeFaults: FaultScenario[] = [
  [
    'INI_SETTING_UNMATCHED',
    async (b) => {
      bench.gaplic = b.gaplic;
      try {
        await loadApp(
          writeIni(
            'unmatched.ini',
            composite('use = call:../compose-apps.js#benchMain\nname = app\nDsek.times = 2'),
          ),
        );
      } finally {
        bench.gaplic = null;
      }
    },
  ],
];
