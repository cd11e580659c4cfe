/**
 * ginsfsm's `essential_gobjs/ontimer.py` composed by an ini file: the gaplic 'OnTimer'
 * with one OnTimer gobj (examples/ontimer/ontimer.ts) that runs a shell command every
 * `seconds`, `count` times (0: until gserve stops). The ini sets them as dotted settings
 * (`ontimer.seconds = 2`), as the original's command line did.
 *
 *   node build/src/cli/gserve.js examples/ginsfsm/ontimer/app.ini [seconds=1] [command=date]
 */
import { Deferred, GAplic, type GEvent, type Kw } from '../../../src/node.js';
import { OnTimer } from '../../ontimer/ontimer.js';
import type { LocalConf } from '../conf.js';

/** `[app:ontimer] use = call:.../ontimer.js#ontimerMain`. */
export function ontimerMain(_globalConf: Kw, localConf: LocalConf): GAplic {
  const { name, roles, ...settings } = localConf; // { 'ontimer.seconds': '2', ... }
  const gaplic = new GAplic({ name, roles, settings });
  const ontimer = gaplic.createGObj('ontimer', OnTimer, gaplic, { uniqueName: true });
  const { seconds, command, count } = ontimer.config;
  const times = count === 0 ? 'until stopped' : `${count} times`;
  console.log(`OnTimer: running '${command ?? ''}' every ${seconds} s, ${times}`);
  ontimer.subscribeEvent(
    'EV_FINISHED',
    new Deferred('finished', ({ event }: { event: GEvent }) => {
      console.log(`OnTimer: finished after ${String(event.kw.runs)} runs`);
    }),
  );
  return gaplic;
}
