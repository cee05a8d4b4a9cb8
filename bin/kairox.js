#!/usr/bin/env node
// Entry point of the `kairox` command. The sources are TypeScript; tsx compiles them on load,
// so `npx kairox` works straight after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../server/src/cli.ts');
