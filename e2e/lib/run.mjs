// How a check script ends: exactly one JSON object on stdout (its `result`, with `ok` set), exit status 0 when no
// check failed and 1 otherwise, and a watchdog so that a hung browser cannot hold the test run.

import { log } from './args.mjs';

/** Runs `run` (async), recording a thrown error as a failure; reports after it, or when `limitMs` runs out. */
export function runReporting(run, result, limitMs) {
  const report = (status) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(status);
  };
  const watchdog = setTimeout(() => {
    result.failures.push(`watchdog: the run took longer than ${limitMs / 1000} s`);
    report(1);
  }, limitMs);
  run()
    .catch((err) => result.failures.push(`error: ${err.stack || err}`))
    .finally(() => {
      clearTimeout(watchdog);
      result.ok = result.failures.length === 0;
      report(result.ok ? 0 : 1);
    });
}

/**
 * The scripts' `step(name, ok, detail)`: records one named check in `result.steps` (a failed one also in
 * `result.failures`, and on stderr) and returns `ok`, so that a script can stop at a failed step.
 */
export function stepRecorder(result) {
  return (name, ok, detail) => {
    result.steps[name] = { ok: Boolean(ok), ...(detail === undefined ? {} : { detail }) };
    if (!ok) {
      log(`FAIL ${name} ${JSON.stringify(detail ?? '')}`);
      result.failures.push(name);
    }
    return ok;
  };
}

/** The scripts' `fail(message)`: records a failure in `result.failures`, and on stderr. */
export function failureRecorder(result) {
  return (message) => {
    log(`FAIL ${message}`);
    result.failures.push(message);
  };
}
