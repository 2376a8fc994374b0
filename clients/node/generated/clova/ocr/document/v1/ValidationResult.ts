// Original file: ../proto/clova/ocr/document/v1/image.proto

import type { ValidationResultCode as _clova_ocr_document_v1_ValidationResultCode, ValidationResultCode__Output as _clova_ocr_document_v1_ValidationResultCode__Output } from '../../../../clova/ocr/document/v1/ValidationResultCode';

/**
 * CLOVA's "validationResult".
 */
export interface ValidationResult {
  /**
   * Optional. Result code.
   */
  'result'?: (_clova_ocr_document_v1_ValidationResultCode);
  /**
   * Optional. Detail message; not always sent.
   */
  'message'?: (string);
  '_message'?: "message";
}

/**
 * CLOVA's "validationResult".
 */
export interface ValidationResult__Output {
  /**
   * Optional. Result code.
   */
  'result': (_clova_ocr_document_v1_ValidationResultCode__Output);
  /**
   * Optional. Detail message; not always sent.
   */
  'message'?: (string);
  '_message'?: "message";
}
