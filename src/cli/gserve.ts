#!/usr/bin/env node
/**
 * `gserve app.ini`: runs a composite (see docs/compose.md) until SIGINT or SIGTERM, or until
 * its main gaplic stops by itself, then stops the whole tree gracefully and exits 0. `--daemon` runs it in the background with
 * a pid file and a log file (`stop`, `status`, `restart` use the pid file); `--reload`
 * restarts it when a file of the app changes. A bad ini stops it before anything starts,
 * with the message (file, line, key, code) and exit code 1; a bad command line, exit 2.
 */
import { main } from './gserve-main.js';

process.exitCode = await main(process.argv.slice(2));
