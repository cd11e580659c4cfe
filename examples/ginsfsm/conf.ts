/**
 * What the factories of the ported examples receive as `localConf`: the section's
 * settings (ini text, handed to the gaplic as dotted settings), its `name` and `roles`.
 */
export type { LocalConf } from '../compose/front.js';
