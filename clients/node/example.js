#!/usr/bin/env node
// @ts-check
'use strict';
// Sends one image to the gateway's RecognizeReceipt and prints
//   store=<name> total=<formatted value>
// or, on error,
//   code=<grpc code> reason=<ErrorInfo reason> clova_code=<ErrorInfo metadata clova_code>
// (plus the other details) and exits with status 1 (2 for usage errors).
//
// With --document, sends the file (an image, or a multi-page PDF or TIFF) to RecognizeDocument
// instead and prints one line per page as the gateway streams it:
//   page=<n>/<count> code=OK store=<name> total=<value>   or   page=<n>/<count> code=<code> reason=<reason>
// and exits with status 1 when a page failed.
//
// Usage: node example.js [--addr 127.0.0.1:50051] --file receipt.jpg [--document] [--timeout 30]
//          [--request-id ID] [--client-id ID] [--emulator-fault DIRECTIVES] [--service-config FILE]
//          [--tls] [--ca-file PEM] [--cert-file PEM --key-file PEM] [--token-file FILE]
//        node example.js --help
// --tls (implied by the file options) connects over TLS, --cert-file/--key-file over mutual TLS;
// --token-file's content is sent as `authorization: Bearer ...` (a Kubernetes projected
// service-account token, read again for every call, or an API key).
const fs = require('node:fs');
const { parseArgs } = require('node:util');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const { LOADER_OPTIONS, SERVICE_PROTO, SERVICE_CONFIG_PATH } = require('./lib/protos');
const { decodeGatewayError, decodeStatus } = require('./lib/errors');

/**
 * @typedef {import('./generated/document_ocr_service').ProtoGrpcType} ProtoGrpcType
 * @typedef {import('./generated/clova/ocr/document/v1/DocumentOcrService').DocumentOcrServiceClient} DocumentOcrServiceClient
 * @typedef {import('./generated/clova/ocr/document/v1/RecognizeReceiptResponse').RecognizeReceiptResponse__Output} RecognizeReceiptResponse
 * @typedef {import('./generated/clova/ocr/document/v1/RecognizeDocumentResponse').RecognizeDocumentResponse__Output} RecognizeDocumentResponse
 * @typedef {import('./generated/clova/ocr/document/v1/StringObject').StringObject__Output} StringObject
 * @typedef {import('./generated/clova/ocr/document/v1/FloatObject').FloatObject__Output} FloatObject
 */

/**
 * Plaintext, TLS or mutual-TLS channel credentials from the options.
 * @param {Record<string, string | boolean | undefined>} opts
 * @returns {grpc.ChannelCredentials}
 */
function channelCredentials(opts) {
  const caFile = /** @type {string | undefined} */ (opts['ca-file']);
  const certFile = /** @type {string | undefined} */ (opts['cert-file']);
  const keyFile = /** @type {string | undefined} */ (opts['key-file']);
  if (!opts.tls && !caFile && !certFile && !keyFile) return grpc.credentials.createInsecure();
  if (Boolean(certFile) !== Boolean(keyFile)) throw new Error('mutual TLS needs both --cert-file and --key-file');
  return grpc.credentials.createSsl(
    caFile ? fs.readFileSync(caFile) : null, // null: the system's CAs
    keyFile ? fs.readFileSync(keyFile) : null,
    certFile ? fs.readFileSync(certFile) : null,
  );
}

/**
 * Connects to the gateway with the recommended service config.
 * @param {string} addr host:port
 * @param {string} serviceConfigPath
 * @param {grpc.ChannelCredentials} credentials
 * @returns {DocumentOcrServiceClient}
 */
function connect(addr, serviceConfigPath, credentials) {
  const definition = protoLoader.loadSync(SERVICE_PROTO, LOADER_OPTIONS);
  const proto = /** @type {ProtoGrpcType} */ (/** @type {unknown} */ (grpc.loadPackageDefinition(definition)));
  const serviceConfig = fs.readFileSync(serviceConfigPath, 'utf8');
  return new proto.clova.ocr.document.v1.DocumentOcrService(addr, credentials, {
    'grpc.service_config': serviceConfig, // retries UNAVAILABLE / RESOURCE_EXHAUSTED, 30 s timeout
  });
}

/** CLOVA's refined value, else the text as read. @param {StringObject | FloatObject | null | undefined} o */
function value(o) {
  if (!o) return '';
  return (o.formatted && o.formatted.value) || o.text || '';
}

const USAGE = `usage: node example.js [--addr HOST:PORT] --file IMAGE [options]

Sends IMAGE to the gateway's RecognizeReceipt and prints "store=<name> total=<value>", or on error
"code=<gRPC code> reason=<ErrorInfo reason> clova_code=<code>" and the other details (exit 1).

options:
  --addr HOST:PORT          gateway address, plaintext (default 127.0.0.1:50051)
  --file IMAGE              receipt image: jpg, png, pdf or tiff (required)
  --document                send it to RecognizeDocument: one line per page (multi-page PDF/TIFF)
  --timeout SECONDS         deadline of the call, retries included (default 30)
  --request-id ID           request id sent to CLOVA (default: made by the gateway)
  --client-id ID            x-client-id metadata (default recognize-receipt-node)
  --emulator-fault SPEC     x-emulator-fault metadata (only a gateway run with --emulator honours it)
  --service-config FILE     gRPC service config JSON (default clients/service_config.json)
  --tls                     connect over TLS (implied by the three file options below)
  --ca-file PEM             CA certificates that sign the gateway's certificate (default: system's)
  --cert-file PEM           client certificate, for mutual TLS (with --key-file)
  --key-file PEM            client private key, for mutual TLS (with --cert-file)
  --token-file FILE         sent as "authorization: Bearer <content>" (service-account token, API key)
  -h, --help                show this help and exit`;

/** Prints one line about a usage error and sets exit status 2. @param {string} problem */
function usageError(problem) {
  console.error(`example.js: ${problem} (see --help)`);
  process.exitCode = 2;
}

function main() {
  /** @type {ReturnType<typeof parseArgs>} */
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        addr: { type: 'string', default: '127.0.0.1:50051' },
        file: { type: 'string' },
        timeout: { type: 'string', default: '30' },
        'request-id': { type: 'string', default: '' },
        'client-id': { type: 'string', default: 'recognize-receipt-node' },
        'emulator-fault': { type: 'string', default: '' },
        'service-config': { type: 'string', default: SERVICE_CONFIG_PATH },
        tls: { type: 'boolean', default: false },
        'ca-file': { type: 'string' },
        'cert-file': { type: 'string' },
        'key-file': { type: 'string' },
        'token-file': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        document: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    usageError(String(e instanceof Error ? e.message : e));
    return;
  }
  const opts = /** @type {Record<string, string>} */ (parsed.values);
  if (parsed.values.help) {
    console.log(USAGE);
    return;
  }
  /** @type {grpc.ChannelCredentials} */
  let credentials;
  let token = '';
  try {
    credentials = channelCredentials(/** @type {Record<string, string | boolean | undefined>} */ (parsed.values));
    // Read per call: the kubelet rewrites a projected token before it expires.
    if (opts['token-file']) token = fs.readFileSync(opts['token-file'], 'utf8').trim();
  } catch (e) {
    usageError(String(e instanceof Error ? e.message : e));
    return;
  }
  const asDocument = Boolean(parsed.values.document);
  if (!opts.file) {
    usageError('--file IMAGE is required');
    return;
  }
  const timeoutSeconds = Number(opts.timeout);
  if (!(timeoutSeconds > 0)) {
    usageError(`--timeout must be a positive number of seconds, not ${JSON.stringify(opts.timeout)}`);
    return;
  }
  /** @type {Buffer} */
  let content;
  try {
    content = fs.readFileSync(opts.file);
  } catch (e) {
    usageError(`cannot read --file ${opts.file}: ${e instanceof Error ? e.message : e}`);
    return;
  }
  const client = connect(opts.addr, opts['service-config'], credentials);

  const metadata = new grpc.Metadata();
  metadata.set('x-client-id', opts['client-id']);
  if (token) metadata.set('authorization', `Bearer ${token}`);
  if (opts['emulator-fault']) metadata.set('x-emulator-fault', opts['emulator-fault']);
  const deadline = new Date(Date.now() + timeoutSeconds * 1000);

  if (asDocument) {
    recognizeDocument(client, content, opts, metadata, deadline);
    return;
  }
  client.RecognizeReceipt(
    // format left unspecified: the gateway detects it from the magic bytes.
    { image: { content }, requestId: opts['request-id'] },
    metadata,
    { deadline },
    (err, response) => {
      client.close();
      if (err) {
        const info = decodeGatewayError(err);
        console.log(`code=${info.codeName} reason=${info.reason} clova_code=${info.clovaCode}`);
        console.log(`message=${JSON.stringify(info.message)} domain=${info.domain} http_status=${info.metadata.http_status || ''}`);
        if (info.retryDelayMs !== null) console.log(`retry_delay=${info.retryDelayMs}ms`);
        for (const v of info.quotaViolations) console.log(`quota_violation subject=${JSON.stringify(v.subject)} description=${JSON.stringify(v.description)}`);
        for (const v of info.fieldViolations) console.log(`field_violation field=${v.field} description=${JSON.stringify(v.description)}`);
        if (info.clovaError) {
          const c = info.clovaError;
          console.log(`clova_error code=${JSON.stringify(c.code)} message=${JSON.stringify(c.message)} http_status=${c.httpStatus} path=${JSON.stringify(c.path)}`);
        }
        process.exitCode = 1;
        return;
      }
      const result = response && response.receipt && response.receipt.result;
      const store = value(result && result.storeInfo && result.storeInfo.name);
      const total = value(result && result.totalPrice && result.totalPrice.price);
      console.log(`store=${store} total=${total}`);
      console.log(`request_id=${response && response.header ? response.header.requestId : ''} infer_result=${response && response.image ? response.image.inferResult : ''}`);
    },
  );
}

/** Prints the gateway's rich error (code, ErrorInfo, then the other details). @param {any} err */
function printError(err) {
  const info = decodeGatewayError(err);
  console.log(`code=${info.codeName} reason=${info.reason} clova_code=${info.clovaCode}`);
  console.log(`message=${JSON.stringify(info.message)} domain=${info.domain}`);
}

/**
 * RecognizeDocument: one response per page, streamed as pages finish (any order).
 * @param {DocumentOcrServiceClient} client
 * @param {Buffer} content
 * @param {Record<string, string>} opts
 * @param {import('@grpc/grpc-js').Metadata} metadata
 * @param {Date} deadline
 */
function recognizeDocument(client, content, opts, metadata, deadline) {
  let failedPages = 0;
  const call = client.RecognizeDocument(
    { documentType: 'DOCUMENT_TYPE_RECEIPT', image: { content }, requestId: opts['request-id'] },
    metadata,
    { deadline },
  );
  call.on('data', (/** @type {RecognizeDocumentResponse} */ page) => {
    const where = `page=${page.pageNumber}/${page.pageCount}`;
    const status = decodeStatus(page.status);
    if (status.code !== grpc.status.OK) {
      failedPages += 1;
      console.log(`${where} code=${status.codeName} reason=${status.reason}`);
      return;
    }
    const result = page.result && page.result.receipt && page.result.receipt.result;
    const store = value(result && result.storeInfo && result.storeInfo.name);
    const total = value(result && result.totalPrice && result.totalPrice.price);
    console.log(`${where} code=OK store=${store} total=${total}`);
  });
  call.on('error', (err) => {
    // The whole document was refused, or an error that concerns every page ended the stream.
    client.close();
    printError(err);
    process.exitCode = 1;
  });
  call.on('end', () => {
    client.close();
    if (failedPages > 0) process.exitCode = 1;
  });
}

main();
