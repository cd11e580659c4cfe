/**
 * The parameters every gobj has (ginsfsm's `GOBJ_GCONFIG`, in camelCase). `logger`,
 * `traceMach`, `traceCreation` and `uniqueName` are direct properties (`gobj.logger`);
 * the others live in `gobj.config`.
 */
import { consoleLogger, isLogger, type Logger } from '../logger.js';
import { describeValue } from '../util/describe-value.js';
import { FLAG_DIRECT_ATTR, type GConfigTemplate } from './template.js';

function checkLogger(value: unknown): Logger {
  if (!isLogger(value)) {
    throw new Error(`a logger with debug/info/warn/error methods, got ${describeValue(value)}`);
  }
  return value;
}

function checkRegex(value: string | null): string | null {
  if (value !== null) new RegExp(value);
  return value;
}

/** The common template merged under every gclass's own `static gconfig`. */
export const GOBJ_GCONFIG = {
  traceTraverse: { type: 'bool', default: false, description: 'Log traversal lookups' },
  traceCreation: {
    type: 'bool',
    default: false,
    flag: FLAG_DIRECT_ATTR,
    description: 'Log creation and destruction',
  },
  traceSubscription: {
    type: 'bool',
    default: false,
    description: 'Log subscribe, unsubscribe and broadcast',
  },
  traceMach: {
    type: 'bool',
    default: false,
    flag: FLAG_DIRECT_ATTR,
    description: 'Log every transition of the machine',
  },
  newSubscriberEvent: {
    type: 'str',
    default: null,
    description: 'Event sent to this gobj (kw: subscription) when it gets a new subscriber',
  },
  reName: {
    type: 'str',
    default: null,
    validate: checkRegex,
    description: 'Regular expression matched by getChild() against the start of a name',
  },
  logger: {
    type: 'any',
    default: consoleLogger,
    flag: FLAG_DIRECT_ATTR,
    validate: checkLogger,
    description: 'Where log and trace lines go (pino- or console-like)',
  },
  uniqueName: {
    type: 'bool',
    default: false,
    flag: FLAG_DIRECT_ATTR,
    description: 'Register the name in the gaplic so it can be addressed by string',
  },
  randomName: {
    type: 'bool',
    default: false,
    description: "At creation, append '_<n>' (a process-wide counter) to the name",
  },
} as const satisfies GConfigTemplate;
