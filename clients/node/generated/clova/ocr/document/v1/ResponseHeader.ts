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
}
