/**
 * The anchor's peer: the same work as the sink with raw Node messaging, in a worker
 * thread (parentPort) or a child process (IPC): count `hit` messages, answer `count`
 * with the count and `ping` at once.
 */
import { parentPort } from 'node:worker_threads';

interface Message {
  readonly t: 'hit' | 'count' | 'ping';
  readonly n?: number;
}

let count = 0;
const reply: (value: unknown) => void =
  parentPort !== null
    ? (value) => parentPort!.postMessage(value)
    : (value) => void process.send?.(value);

function onMessage(message: Message): void {
  if (message.t === 'hit') count++;
  else if (message.t === 'count') reply({ count });
  else reply({ pong: message.n });
}

if (parentPort !== null) parentPort.on('message', onMessage);
else process.on('message', (m) => onMessage(m as Message));
