'use strict';
// Where the .proto files are and how they are loaded: shared by example.js (runtime loading with
// @grpc/proto-loader) and generate.js (TypeScript types with proto-loader-gen-types), so the
// generated types describe exactly the objects the loader produces.
const path = require('node:path');

const CLIENTS_DIR = path.resolve(__dirname, '..', '..');
const INCLUDE_DIRS = [
  path.join(CLIENTS_DIR, '..', 'proto'), // clova/ocr/document/v1/*.proto (the gateway's schema)
  path.join(CLIENTS_DIR, 'proto-vendor'), // google/rpc/{status,error_details}.proto
];
const SERVICE_PROTO = 'clova/ocr/document/v1/document_ocr_service.proto';
const ERROR_PROTOS = [
  'google/rpc/status.proto',
  'google/rpc/error_details.proto',
  'clova/ocr/document/v1/clova_api.proto',
];

/** @type {import('@grpc/proto-loader').Options} */
const LOADER_OPTIONS = {
  keepCase: false, // camelCase field names: storeInfo, totalPrice, requestId, ...
  longs: String, // int64 (timestampMillis) as decimal strings
  enums: String, // enum values by name: 'INFER_RESULT_SUCCESS'
  defaults: true,
  oneofs: true,
  includeDirs: INCLUDE_DIRS,
};

const SERVICE_CONFIG_PATH = path.join(CLIENTS_DIR, 'service_config.json');

module.exports = {
  CLIENTS_DIR,
  INCLUDE_DIRS,
  SERVICE_PROTO,
  ERROR_PROTOS,
  LOADER_OPTIONS,
  SERVICE_CONFIG_PATH,
};
