// Serves the web client's files on 127.0.0.1 with no signaling behind them: for looking at the UI
// (join form, layout, error banner) while the SFU server is not running.
//   node static-server.mjs [--port 8089]   -> prints {"url":"http://127.0.0.1:PORT"} on stdout

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, numberArg, log } from './lib/args.mjs';

const USAGE = 'usage: node static-server.mjs [--port 0]';
const args = parseArgs(process.argv.slice(2), USAGE);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../sfu-server/src/main/resources/web');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

const server = createServer(async (req, res) => {
  const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const file = path.join(root, pathname === '/' ? 'index.html' : pathname);
  if (!file.startsWith(root + path.sep)) {
    res.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
});

server.listen(numberArg(args, 'port', 0, USAGE), '127.0.0.1', () => {
  const url = `http://127.0.0.1:${server.address().port}`;
  log(`serving ${root} at ${url}`);
  process.stdout.write(`${JSON.stringify({ url })}\n`);
});
