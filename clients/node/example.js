#!/usr/bin/env node
// @ts-check
'use strict';
// Sends one image to the gateway's RecognizeReceipt and prints
//   store=<name> total=<formatted value>
// or, on error,
//   code=<grpc code> reason=<ErrorInfo reason> clova_code=<ErrorInfo metadata clova_code>
// (plus the other details) and exits with status 1 (2 for usage errors).
//
// Usage: node example.js [--addr 127.0.0.1:50051] --file receipt.jpg [--timeout 30]
//          [--request-id ID] [--client-id ID] [--emulator-fault DIRECTIVES] [--service-config FILE]
const fs = require('node:fs');
const { parseArgs } = require('node:util');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const { LOADER_OPTIONS, SERVICE_PROTO, SERVICE_CONFIG_PATH } = require('./lib/protos');
const { decodeGatewayError } = require('./lib/errors');

/**
 * @typedef {import('./generated/document_ocr_service').ProtoGrpcType} ProtoGrpcType
 * @typedef {import('./generated/clova/ocr/document/v1/DocumentOcrService').DocumentOcrServiceClient} DocumentOcrServiceClient
 * @typedef {import('./generated/clova/ocr/document/v1/RecognizeReceiptResponse').RecognizeReceiptResponse__Output} RecognizeReceiptResponse
 * @typedef {import('./generated/clova/ocr/document/v1/StringObject').StringObject__Output} StringObject
 * @typedef {import('./generated/clova/ocr/document/v1/FloatObject').FloatObject__Output} FloatObject
 */

/**
 * Connects to the gateway (plaintext) with the recommended service config.
 * @param {string} addr host:port
 * @param {string} serviceConfigPath
 * @returns {DocumentOcrServiceClient}
 */
function connect(addr, serviceConfigPath) {
  const definition = protoLoader.loadSync(SERVICE_PROTO, LOADER_OPTIONS);
  const proto = /** @type {ProtoGrpcType} */ (/** @type {unknown} */ (grpc.loadPackageDefinition(definition)));
  const serviceConfig = fs.readFileSync(serviceConfigPath, 'utf8');
  return new proto.clova.ocr.document.v1.DocumentOcrService(addr, grpc.credentials.createInsecure(), {
    'grpc.service_config': serviceConfig, // retries UNAVAILABLE / RESOURCE_EXHAUSTED, 30 s timeout
  });
}

/** CLOVA's refined value, else the text as read. @param {StringObject | FloatObject | null | undefined} o */
function value(o) {
  if (!o) return '';
  return (o.formatted && o.formatted.value) || o.text || '';
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
      },
    });
  } catch (e) {
    console.error(String(e instanceof Error ? e.message : e));
    process.exitCode = 2;
    return;
  }
  const opts = /** @type {Record<string, string>} */ (parsed.values);
  if (!opts.file) {
    console.error('usage: node example.js [--addr HOST:PORT] --file IMAGE [--timeout SECONDS]');
    process.exitCode = 2;
    return;
  }
  const content = fs.readFileSync(opts.file);
  const client = connect(opts.addr, opts['service-config']);

  const metadata = new grpc.Metadata();
  metadata.set('x-client-id', opts['client-id']);
  if (opts['emulator-fault']) metadata.set('x-emulator-fault', opts['emulator-fault']);
  const deadline = new Date(Date.now() + Number(opts.timeout) * 1000);

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

main();
