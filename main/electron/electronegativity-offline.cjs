// Loaded into electronegativity with --require: every DNS lookup fails at once, so the tool takes its own
// "no connectivity" path instead of crashing offline (got#1489 under Node 24). The verdict does not depend on
// the network: the scan pins the Electron version with -e.
const dns = require('node:dns');
dns.lookup = (hostname, options, callback) => {
  const done = typeof options === 'function' ? options : callback;
  process.nextTick(done, Object.assign(new Error(`offline: ${hostname}`), { code: 'ESTACKDECKOFFLINE', hostname }));
};
