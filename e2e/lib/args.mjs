// Minimal command-line parsing shared by the e2e scripts: `--key value` and `--flag` (true).

/** Parses process.argv into { key: value }; exits with a usage message on a stray argument. */
export function parseArgs(argv, usage) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) usageError(usage, `unexpected argument: ${arg}`);
    const eq = arg.indexOf('=');
    if (eq > 0) {
      args[arg.slice(2, eq)] = arg.slice(eq + 1);
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      args[arg.slice(2)] = argv[++i];
    } else {
      args[arg.slice(2)] = true;
    }
  }
  if (args.help) {
    process.stderr.write(`${usage}\n`);
    process.exit(0);
  }
  return args;
}

export function requireArgs(args, names, usage) {
  const missing = names.filter((n) => typeof args[n] !== 'string' || args[n] === '');
  if (missing.length) usageError(usage, `missing ${missing.map((n) => `--${n}`).join(', ')}`);
}

export function numberArg(args, name, fallback, usage) {
  if (args[name] === undefined) return fallback;
  const n = Number(args[name]);
  if (!Number.isFinite(n) || n < 0) usageError(usage, `--${name} must be a non-negative number`);
  return n;
}

/**
 * The arguments every scenario script takes, parsed from process.argv (exit 2 when one of `required` is missing):
 * { args, url (without a trailing slash), room (--room, or `${roomPrefix}-<time>`), apiKey (--api-key, or undefined) }.
 */
export function scenarioArgs(usage, required, roomPrefix) {
  const args = parseArgs(process.argv.slice(2), usage);
  requireArgs(args, ['url', ...required], usage);
  return {
    args,
    url: args.url.replace(/\/+$/, ''),
    room: typeof args.room === 'string' ? args.room : `${roomPrefix}-${Date.now().toString(36)}`,
    apiKey: typeof args['api-key'] === 'string' ? args['api-key'] : undefined,
  };
}

function usageError(usage, message) {
  process.stderr.write(`error: ${message}\n${usage}\n`);
  process.exit(2);
}

/** Diagnostics go to stderr so stdout carries exactly one JSON object. */
export function log(...parts) {
  const time = new Date().toISOString().slice(11, 23);
  process.stderr.write(`[${time}] ${parts.join(' ')}\n`);
}
