#!/usr/bin/env node
// `npx node-otel-stack check`: the setup check (src/check/cli.ts).
import { main } from '../dist/check/cli.js';

process.exitCode = await main(process.argv.slice(2));
