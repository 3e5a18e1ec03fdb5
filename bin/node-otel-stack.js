#!/usr/bin/env node
// `npx node-otel-stack check` (the setup check) and `npx node-otel-stack backup-succeeded`
// (a backup job reports its success): src/check/cli.ts.
import { main } from '../dist/check/cli.js';

process.exitCode = await main(process.argv.slice(2));
