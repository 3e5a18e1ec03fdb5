// Entry of `node --import <package>/register app.js` (and of ./instrument in this repo).
// Top-level await: Node finishes this module, hooks included, before the app's first import.
import { bootstrap } from './preload/bootstrap.js';

await bootstrap({ env: process.env, entryScript: process.argv[1], cwd: process.cwd() });
