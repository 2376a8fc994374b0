// Original file: ../proto/clova/ocr/document/v1/image.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The call-level fields of CLOVA's answer.
 */
export interface ResponseHeader {
  /**
   * Required. API version, "V2".
   */
  'version'?: (string);
  /**
   * Required. Id of the call: the caller's request_id, or one the gateway generated.
   */
  'requestId'?: (string);
  /**
   * Optional. CLOVA's timestamp of the answer, in milliseconds since the Unix epoch.
   */
  'timestampMillis'?: (number | string | Long);
  /**
   * Optional. Set by the gateway, never by CLOVA: true when the caller's PII policy is
   * `masked` and the gateway masked the personal identifiers of this response (resident and
   * alien registration numbers but the birth date and the digit after the hyphen, driver's
   * licence numbers but the region, passport numbers and MRZ lines entirely, card numbers but
   * the last four digits) in the result and in the raw answer; false when the caller reads
   * them as CLOVA sent them.
   */
  'piiMasked'?: (boolean);
}

/**
 * The call-level fields of CLOVA's answer.
 */
export interface ResponseHeader__Output {
  /**
   * Required. API version, "V2".
   */
  'version': (string);
  /**
   * Required. Id of the call: the caller's request_id, or one the gateway generated.
   */
  'requestId': (string);
  /**
   * Optional. CLOVA's timestamp of the answer, in milliseconds since the Unix epoch.
   */
  'timestampMillis': (string);
  /**
   * Optional. Set by the gateway, never by CLOVA: true when the caller's PII policy is
   * `masked` and the gateway masked the personal identifiers of this response (resident and
   * alien registration numbers but the birth date and the digit after the hyphen, driver's
   * licence numbers but the region, passport numbers and MRZ lines entirely, card numbers but
   * the last four digits) in the result and in the raw answer; false when the caller reads
   * them as CLOVA sent them.
   */
  'piiMasked': (boolean);
}
