#!/usr/bin/env node
import { runCli } from './polydesk';

/** `polydesk …`: for `daemon` the promise never settles while the host runs. */
process.exit(await runCli(process.argv.slice(2)));
