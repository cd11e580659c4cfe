/**
 * 17. TCP echo through GServerSock/GSock (issue #8) against a raw `net` echo server, both
 * in this process, measured in the same run; the load comes from a child process
 * (`net-tcp-load.ts`: raw `net` clients) on loopback, the same for both servers.
 *
 * Ours: a GServerSock whose subscriber sends back each EV_RX_DATA to its gsock
 * (`gsock.send(data)`), in a started gaplic on the real clock. Raw: `net.createServer`
 * whose sockets write back each 'data' chunk. Two loads: 16 connections in ping-pong
 * (one 64-byte message in flight each: the cost per event, and the round-trip median),
 * and 4 connections streaming 16 KiB messages with 8 in flight (the cost per byte).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  GAplic,
  GObj,
  GServerSock,
  silentLogger,
  type Fault,
  type GEvent,
  type GSock,
} from '../src/node.js';
import { measureAsync, within } from './harness-async.js';
import { row, runSection, scaled, type Row, type Sample } from './harness.js';

const REPS = 5;
const PING_CONNECTIONS = 16;
const PING_MESSAGES = 2_500;
const PING_SIZE = 64;
const PIPELINED_MESSAGES = 10_000;
const PIPELINED_IN_FLIGHT = 32;
const STREAM_CONNECTIONS = 4;
const STREAM_MESSAGES = 2_000;
const STREAM_SIZE = 16 * 1024;
const STREAM_IN_FLIGHT = 8;
const LOAD = fileURLToPath(new URL('./net-tcp-load.js', import.meta.url));

function acEcho(_echo: Echo, event: GEvent): void {
  (event.kw.gsock as GSock).send(event.kw.data as Uint8Array);
}

const echoFsm = {
  eventList: ['EV_CONNECTED', 'EV_RX_DATA', 'EV_TRANSMIT_READY', 'EV_DISCONNECTED'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_CONNECTED', null, null],
      ['EV_RX_DATA', acEcho, null],
      ['EV_TRANSMIT_READY', null, null],
      ['EV_DISCONNECTED', null, null],
    ],
  },
} as const;

class Echo extends GObj<typeof echoFsm> {
  static override fsm = echoFsm;
}

const faults: string[] = [];

async function oursServer(): Promise<{ port: number; stop(): Promise<void> }> {
  const gaplic = new GAplic({
    name: 'bench',
    logger: silentLogger,
    onFault: (fault: Fault) => faults.push(`[${fault.code}] ${fault.message}`),
  });
  const echo = gaplic.createGObj('echo', Echo, null);
  const server = gaplic.createGObj('server', GServerSock, echo, { port: 0 });
  const running = gaplic.start();
  const { port } = await server.listening;
  return {
    port,
    stop: async () => {
      echo.destroyGObj(echo);
      await server.closed();
      gaplic.stop();
      await running;
    },
  };
}

async function rawServer(): Promise<{ port: number; stop(): Promise<void> }> {
  const server: Server = createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => socket.write(chunk));
    socket.on('error', () => {});
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface Load {
  readonly child: ChildProcess;
  run(job: Record<string, number>): Promise<Sample>;
}

function load(): Load {
  const child = fork(LOAD, [], { execArgv: ['--enable-source-maps'] });
  return {
    child,
    run: (job) => {
      const answer = once(child, 'message') as Promise<[Sample]>;
      child.send(job);
      return within(60_000, () => `load ${JSON.stringify(job)}`, answer).then(([s]) => s);
    },
  };
}

runSection('17. TCP echo: GServerSock/GSock vs raw net, load from a child process', async () => {
  const [ours, raw] = await Promise.all([oursServer(), rawServer()]);
  const client = load();
  const ping = (port: number) => (s: number) =>
    client.run({
      port,
      connections: PING_CONNECTIONS,
      messages: scaled(PING_MESSAGES, s),
      size: PING_SIZE,
      inFlight: 1,
    });
  const stream = (port: number) => (s: number) =>
    client.run({
      port,
      connections: STREAM_CONNECTIONS,
      messages: scaled(STREAM_MESSAGES, s),
      size: STREAM_SIZE,
      inFlight: STREAM_IN_FLIGHT,
    });
  const pipelined = (port: number) => (s: number) =>
    client.run({
      port,
      connections: PING_CONNECTIONS,
      messages: scaled(PIPELINED_MESSAGES, s),
      size: PING_SIZE,
      inFlight: PIPELINED_IN_FLIGHT,
    });
  const m = await measureAsync(REPS, {
    oursPing: ping(ours.port),
    rawPing: ping(raw.port),
    oursPipelined: pipelined(ours.port),
    rawPipelined: pipelined(raw.port),
    oursStream: stream(ours.port),
    rawStream: stream(raw.port),
  });
  const rows: Row[] = [
    row(
      `echo, ${PING_CONNECTIONS} conns ping-pong ${PING_SIZE} B`,
      'msg/s',
      m.oursPing.rate!,
      'raw net echo',
      m.rawPing.rate!,
      { kind: 'ratio>=', value: 0.8 },
    ),
    row(
      `echo, ${PING_CONNECTIONS} conns ping-pong: round trip (p50)`,
      'µs',
      m.oursPing.p50!,
      'raw net echo',
      m.rawPing.p50!,
      null,
    ),
    row(
      `echo, ${PING_CONNECTIONS} conns × ${PIPELINED_IN_FLIGHT} in flight, ${PING_SIZE} B`,
      'msg/s',
      m.oursPipelined.rate!,
      'raw net echo',
      m.rawPipelined.rate!,
      { kind: 'ratio>=', value: 0.8 },
    ),
    row(
      `echo, ${STREAM_CONNECTIONS} conns streaming 16 KiB`,
      'MB/s',
      m.oursStream.mbps!,
      'raw net echo',
      m.rawStream.mbps!,
      { kind: 'ratio>=', value: 0.8 },
    ),
  ];
  client.child.disconnect();
  await Promise.all([ours.stop(), raw.stop()]);
  if (faults.length > 0) console.log(`  faults during the measures:\n    ${faults.join('\n    ')}`);
  return rows;
});
