// Original file: ../proto/clova/ocr/document/v1/clova_api.proto

import type { Long } from '@grpc/proto-loader';

/**
 * CLOVA's error body, attached unchanged as a detail of the gRPC error status so callers can read
 * the vendor's original answer.
 */
export interface ClovaError {
  /**
   * Optional. CLOVA's error code, e.g. "0025".
   */
  'code'?: (string);
  /**
   * Optional. CLOVA's error message.
   */
  'message'?: (string);
  /**
   * Optional. The API path CLOVA reported.
   */
  'path'?: (string);
  /**
   * Optional. CLOVA's timestamp of the error, in milliseconds since the Unix epoch.
   */
  'timestamp'?: (number | string | Long);
  /**
   * Optional. HTTP status CLOVA answered with (0 when no answer was received).
   */
  'httpStatus'?: (number);
}

/**
 * CLOVA's error body, attached unchanged as a detail of the gRPC error status so callers can read
 * the vendor's original answer.
 */
export interface ClovaError__Output {
  /**
   * Optional. CLOVA's error code, e.g. "0025".
   */
  'code': (string);
  /**
   * Optional. CLOVA's error message.
   */
  'message': (string);
  /**
   * Optional. The API path CLOVA reported.
   */
  'path': (string);
  /**
   * Optional. CLOVA's timestamp of the error, in milliseconds since the Unix epoch.
   */
  'timestamp': (string);
  /**
   * Optional. HTTP status CLOVA answered with (0 when no answer was received).
   */
  'httpStatus': (number);
}
