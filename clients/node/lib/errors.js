'use strict';
// Decodes the gateway's rich errors: the `grpc-status-details-bin` trailer holds a google.rpc.Status
// whose `details` are google.protobuf.Any values: exactly one google.rpc.ErrorInfo (domain
// "clova-ocr-gateway", UPPER_SNAKE reason, metadata clova_code / http_status), maybe RetryInfo,
// QuotaFailure, BadRequest and clova.ocr.document.v1.ClovaError.
const path = require('node:path');
const fs = require('node:fs');
const grpc = require('@grpc/grpc-js');
const protobuf = require('protobufjs');
const { INCLUDE_DIRS, ERROR_PROTOS } = require('./protos');

const DETAILS_TRAILER = 'grpc-status-details-bin';
const TO_OBJECT = { longs: String, enums: String, defaults: true };

/** @type {protobuf.Root | undefined} */
let root;

/** The protobufjs Root with google.rpc.Status, google.rpc error details and ClovaError. */
function errorRoot() {
  if (!root) {
    root = new protobuf.Root();
    root.resolvePath = (_origin, target) => {
      for (const dir of INCLUDE_DIRS) {
        const candidate = path.join(dir, target);
        if (fs.existsSync(candidate)) return candidate;
      }
      return target; // google/protobuf/*.proto: protobufjs has them built in
    };
    root.loadSync(ERROR_PROTOS, { keepCase: false });
  }
  return root;
}

/**
 * @typedef {object} GatewayErrorInfo
 * @property {number} code gRPC status code
 * @property {string} codeName e.g. 'INVALID_ARGUMENT'
 * @property {string} message
 * @property {string} reason ErrorInfo.reason, '' when absent
 * @property {string} domain ErrorInfo.domain
 * @property {Record<string, string>} metadata ErrorInfo.metadata (clova_code, http_status)
 * @property {string} clovaCode ErrorInfo.metadata.clova_code, '' when absent
 * @property {number | null} retryDelayMs RetryInfo.retry_delay, null when absent
 * @property {Array<{subject: string, description: string}>} quotaViolations
 * @property {Array<{field: string, description: string}>} fieldViolations
 * @property {Record<string, any> | null} clovaError clova.ocr.document.v1.ClovaError
 * @property {Array<{typeUrl: string, value: any}>} details every detail, decoded when known
 */

/**
 * Reads the rich status of a failed call (a grpc-js ServiceError).
 * @param {Partial<import('@grpc/grpc-js').ServiceError>} err
 * @returns {GatewayErrorInfo}
 */
function decodeGatewayError(err) {
  const code = typeof err.code === 'number' ? err.code : grpc.status.UNKNOWN;
  /** @type {GatewayErrorInfo} */
  const info = {
    code,
    codeName: grpc.status[code] || `CODE_${code}`,
    message: err.details || err.message || '',
    reason: '',
    domain: '',
    metadata: {},
    clovaCode: '',
    retryDelayMs: null,
    quotaViolations: [],
    fieldViolations: [],
    clovaError: null,
    details: [],
  };
  const raw = err.metadata ? err.metadata.get(DETAILS_TRAILER) : [];
  if (!raw.length) return info;
  const r = errorRoot();
  const status = r.lookupType('google.rpc.Status').decode(/** @type {Buffer} */ (raw[0]));
  const statusObj = r.lookupType('google.rpc.Status').toObject(status, TO_OBJECT);
  if (statusObj.message) info.message = statusObj.message;
  addDetails(info, statusObj.details || []);
  return info;
}

/**
 * Reads a google.rpc.Status message as @grpc/proto-loader delivers it: the `status` of a page of
 * RecognizeDocument or BatchRecognize (code 0: the page succeeded).
 * @param {{code?: number, message?: string, details?: Array<{typeUrl?: string, type_url?: string, value?: any}>} | null | undefined} status
 * @returns {GatewayErrorInfo}
 */
function decodeStatus(status) {
  const code = status && typeof status.code === 'number' ? status.code : grpc.status.OK;
  /** @type {GatewayErrorInfo} */
  const info = {
    code,
    codeName: grpc.status[code] || `CODE_${code}`,
    message: (status && status.message) || '',
    reason: '',
    domain: '',
    metadata: {},
    clovaCode: '',
    retryDelayMs: null,
    quotaViolations: [],
    fieldViolations: [],
    clovaError: null,
    details: [],
  };
  addDetails(info, (status && status.details) || []);
  return info;
}

/**
 * Decodes google.protobuf.Any details into `info`.
 * @param {GatewayErrorInfo} info
 * @param {Array<any>} details
 */
function addDetails(info, details) {
  const r = errorRoot();
  for (const any of details) {
    // protobufjs' built-in google.protobuf.Any keeps the proto field name type_url.
    const typeUrl = String(any.type_url || any.typeUrl || '');
    const typeName = typeUrl.split('/').pop() || '';
    /** @type {any} */
    let value = null;
    try {
      const type = r.lookupType(typeName);
      value = type.toObject(type.decode(any.value), TO_OBJECT);
    } catch {
      value = null; // a detail type this client does not know
    }
    info.details.push({ typeUrl, value });
    if (!value) continue;
    switch (typeName) {
      case 'google.rpc.ErrorInfo':
        info.reason = value.reason;
        info.domain = value.domain;
        info.metadata = value.metadata || {};
        info.clovaCode = info.metadata.clova_code || '';
        break;
      case 'google.rpc.RetryInfo':
        if (value.retryDelay) {
          info.retryDelayMs = Number(value.retryDelay.seconds) * 1000 + value.retryDelay.nanos / 1e6;
        }
        break;
      case 'google.rpc.QuotaFailure':
        info.quotaViolations.push(...(value.violations || []));
        break;
      case 'google.rpc.BadRequest':
        info.fieldViolations.push(...(value.fieldViolations || []));
        break;
      case 'clova.ocr.document.v1.ClovaError':
        info.clovaError = value;
        break;
      default:
        break;
    }
  }
}

module.exports = { decodeGatewayError, decodeStatus, DETAILS_TRAILER };
