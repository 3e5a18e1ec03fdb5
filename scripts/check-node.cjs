// Stops `npm test` at once on a Node older than package.json's `engines` asks for, before
// minutes of building: the OpenTelemetry line this project pins needs it. CommonJS and old
// syntax on purpose: it must run on the old Node it refuses.
'use strict';
var engines = require('../package.json').engines.node; // ">=22.15.0"
var wanted = /(\d+)\.(\d+)\.(\d+)/.exec(engines).slice(1).map(Number);
var actual = process.versions.node.split('.').map(Number);
var older = actual[0] !== wanted[0] ? actual[0] < wanted[0] : actual[1] !== wanted[1] ? actual[1] < wanted[1] : actual[2] < wanted[2];
if (older) {
  process.stderr.write('This project needs Node ' + wanted.join('.') + ' or later (package.json engines: ' + engines + '); this is Node ' + process.version + '.\n' +
    'Run `bash .ci/run`: it installs Node 22 and 24 from the npm registry and runs the tests on both.\n');
  process.exit(1);
}
