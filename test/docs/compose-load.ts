// The loadApp sample of docs/compose.md: compiled, so that it stays right, and never run
// (it needs an app.ini in the current directory); test/config/load-app.test.ts and
// test/examples/compose.test.ts run the same steps.
import { loadApp } from '../../src/node.js';

const app = await loadApp('app.ini', { vars: { build: '/srv/app' } });
await app.start(); // the workers, then (once they all run) the main gaplic, then the http serving
// ...
await app.stop(); // the http serving, the workers (their gobjs go out), the main gaplic
