/**
 * The echo server: every connection to it gets back what it sends.
 *
 *   npm run compile && node build/examples/echo/server.js [port] [--clients N] [--quiet]
 *
 * port: 7000 by default (0: any free port, printed). --clients N: stop after N clients
 * have left (the example's test and the stress client use it); without it, Ctrl-C stops
 * it. `GSock.traceDump=true` as an argument traces every byte in and out.
 */
import process from 'node:process';
import { GAplic } from '../../src/node.js';
import { Echo } from './echo.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args.splice(at, 2)[1];
};
const clients = Number(option('--clients') ?? 0);
const quiet = args.includes('--quiet');
const settings = Object.fromEntries(
  args.filter((a) => a.includes('=')).map((a) => a.split('=') as [string, string]),
);
const port = Number(args.find((a) => /^\d+$/.test(a)) ?? 7000);

const gaplic = new GAplic({ name: 'echo', settings });
const echo = gaplic.createGObj('echo', Echo, null, { port, clients, quiet });
const address = await echo.server.listening;
console.log(`echo: listening on ${address.host}:${address.port}`);
process.once('SIGINT', () => gaplic.stop());
await gaplic.start();
echo.destroyGObj(echo); // closes the port and the connections left
