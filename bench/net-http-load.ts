/**
 * The load of the `net-http` section, in its own process: on a message `{ url,
 * connections, pipelining, seconds }` from the parent, it runs autocannon against `url`
 * (GET, keep-alive) and answers `{ rate, p99 }` (responses per second, the 99th
 * percentile of the latency in ms) or `{ error }` (a failed run, or any error or non-2xx
 * response).
 */
import autocannon from 'autocannon';

interface Job {
  readonly url: string;
  readonly connections: number;
  readonly pipelining: number;
  readonly seconds: number;
}

async function load(job: Job): Promise<{ rate: number; p99: number }> {
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    pipelining: job.pipelining,
    duration: job.seconds,
  });
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`${result.errors} errors, ${result.non2xx} non-2xx responses from ${job.url}`);
  }
  return {
    rate: result.requests.total / result.duration,
    p99: result.latency.p99,
  };
}

process.on('message', (job: Job) => {
  load(job).then(
    (figures) => process.send!(figures),
    (error: unknown) => process.send!({ error: String(error) }),
  );
});
