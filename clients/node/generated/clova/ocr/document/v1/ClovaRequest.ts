// Original file: ../proto/clova/ocr/document/v1/clova_api.proto

import type { ClovaRequestImage as _clova_ocr_document_v1_ClovaRequestImage, ClovaRequestImage__Output as _clova_ocr_document_v1_ClovaRequestImage__Output } from '../../../../clova/ocr/document/v1/ClovaRequestImage';
import type { Long } from '@grpc/proto-loader';

/**
 * The body the gateway sends to a CLOVA invoke URL. In JSON mode it is sent as JSON with the image
 * in base64; in multipart mode the "message" part carries it without data and the "file" part
 * carries the image bytes.
 */
export interface ClovaRequest {
  /**
   * Required. Always "V2".
   */
  'version'?: (string);
  /**
   * Required. Id of the call (a UUID unless the caller chose one).
   */
  'requestId'?: (string);
  /**
   * Required. Time of the call in milliseconds since the Unix epoch (CLOVA's "timestamp").
   */
  'timestamp'?: (number | string | Long);
  /**
   * Required. Exactly one image.
   */
  'images'?: (_clova_ocr_document_v1_ClovaRequestImage)[];
}

/**
 * The body the gateway sends to a CLOVA invoke URL. In JSON mode it is sent as JSON with the image
 * in base64; in multipart mode the "message" part carries it without data and the "file" part
 * carries the image bytes.
 */
export interface ClovaRequest__Output {
  /**
   * Required. Always "V2".
   */
  'version': (string);
  /**
   * Required. Id of the call (a UUID unless the caller chose one).
   */
  'requestId': (string);
  /**
   * Required. Time of the call in milliseconds since the Unix epoch (CLOVA's "timestamp").
   */
  'timestamp': (string);
  /**
   * Required. Exactly one image.
   */
  'images': (_clova_ocr_document_v1_ClovaRequestImage__Output)[];
}
