/**
 * How GServerSock hands an accepted socket to its child GSock. The function is set by
 * `gsock.ts` (it reaches the gsock's private state), and lives here so that the public
 * declarations of GSock name no Node type: a consumer compiles without `@types/node`.
 * @internal
 * @module
 */
import type { Socket } from 'node:net';
import type { GSock } from './gsock.js';

export const adoption: { adopt(gsock: GSock, socket: Socket): void } = {
  adopt() {
    throw new Error('net/gsock.js is not loaded');
  },
};
