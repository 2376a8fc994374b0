#!/usr/bin/env node
// @ts-check
'use strict';
// Generates the TypeScript types of the gateway's API into generated/ (or --out DIR) with
// @grpc/proto-loader's proto-loader-gen-types (pure JavaScript: no protoc, no download).
// Usage: node generate.js [--out DIR] [--check]
//   --check  generate into a temporary folder and fail if generated/ differs (drift check).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { CLIENTS_DIR, INCLUDE_DIRS, SERVICE_PROTO, ERROR_PROTOS } = require('./lib/protos');

/** @param {string} outDir */
function generate(outDir) {
  fs.rmSync(outDir, { recursive: true, force: true });
  const bin = require.resolve('@grpc/proto-loader/build/bin/proto-loader-gen-types.js');
  // The proto files come first: yargs lets the array option --includeDirs swallow what follows.
  const args = [
    bin,
    SERVICE_PROTO,
    ...ERROR_PROTOS,
    '--keepCase=false',
    '--longs=String',
    '--enums=String',
    '--defaults',
    '--oneofs',
    '--includeComments',
    '--grpcLib=@grpc/grpc-js',
    `--outDir=${outDir}`,
    // Relative include dirs keep the "Original file:" comments free of this checkout's location.
    ...INCLUDE_DIRS.map((dir) => `--includeDirs=${path.relative(CLIENTS_DIR, dir)}`),
  ];
  execFileSync(process.execPath, args, { stdio: 'inherit', cwd: CLIENTS_DIR });
}

/**
 * @param {string} root
 * @param {string} [dir]
 * @returns {string[]}
 */
function listFiles(root, dir = root) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    /** @type {string[]} */
    const files = entry.isDirectory() ? listFiles(root, full) : [path.relative(root, full)];
    return files;
  }).sort();
}

function main() {
  const argv = process.argv.slice(2);
  const check = argv.includes('--check');
  const outIndex = argv.indexOf('--out');
  const committed = path.join(__dirname, 'generated');
  if (!check) {
    const out = outIndex >= 0 ? path.resolve(argv[outIndex + 1]) : committed;
    generate(out);
    console.log(`generated ${listFiles(out).length} files into ${out}`);
    return 0;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'node-gen-'));
  try {
    generate(tmp);
    const fresh = listFiles(tmp);
    const old = fs.existsSync(committed) ? listFiles(committed) : [];
    const stale = [...new Set([...fresh, ...old])].filter((f) =>
      !fresh.includes(f) || !old.includes(f) ||
      !fs.readFileSync(path.join(tmp, f)).equals(fs.readFileSync(path.join(committed, f))));
    if (stale.length) {
      console.error('clients/node/generated is out of date; run: npm run generate');
      stale.forEach((f) => console.error(`  ${f}`));
      return 1;
    }
    console.log('clients/node/generated is in sync with proto/');
    return 0;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

process.exitCode = main();
