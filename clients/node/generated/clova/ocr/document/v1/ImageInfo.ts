// Original file: ../proto/clova/ocr/document/v1/image.proto

import type { InferResult as _clova_ocr_document_v1_InferResult, InferResult__Output as _clova_ocr_document_v1_InferResult__Output } from '../../../../clova/ocr/document/v1/InferResult';
import type { ValidationResult as _clova_ocr_document_v1_ValidationResult, ValidationResult__Output as _clova_ocr_document_v1_ValidationResult__Output } from '../../../../clova/ocr/document/v1/ValidationResult';
import type { ConvertedImageInfo as _clova_ocr_document_v1_ConvertedImageInfo, ConvertedImageInfo__Output as _clova_ocr_document_v1_ConvertedImageInfo__Output } from '../../../../clova/ocr/document/v1/ConvertedImageInfo';

/**
 * The per-image envelope of CLOVA's answer (everything of images[0] but the domain result).
 */
export interface ImageInfo {
  /**
   * Optional. CLOVA's id of this recognition, for tracing with the vendor.
   */
  'uid'?: (string);
  /**
   * Optional. Image name, as sent.
   */
  'name'?: (string);
  /**
   * Required. CLOVA's verdict.
   */
  'inferResult'?: (_clova_ocr_document_v1_InferResult);
  /**
   * Optional. "SUCCESS", or why recognition failed.
   */
  'message'?: (string);
  /**
   * Optional. Validation outcome.
   */
  'validationResult'?: (_clova_ocr_document_v1_ValidationResult | null);
  /**
   * Optional. Set for PDF and TIFF inputs.
   */
  'convertedImageInfo'?: (_clova_ocr_document_v1_ConvertedImageInfo | null);
}

/**
 * The per-image envelope of CLOVA's answer (everything of images[0] but the domain result).
 */
export interface ImageInfo__Output {
  /**
   * Optional. CLOVA's id of this recognition, for tracing with the vendor.
   */
  'uid': (string);
  /**
   * Optional. Image name, as sent.
   */
  'name': (string);
  /**
   * Required. CLOVA's verdict.
   */
  'inferResult': (_clova_ocr_document_v1_InferResult__Output);
  /**
   * Optional. "SUCCESS", or why recognition failed.
   */
  'message': (string);
  /**
   * Optional. Validation outcome.
   */
  'validationResult': (_clova_ocr_document_v1_ValidationResult__Output | null);
  /**
   * Optional. Set for PDF and TIFF inputs.
   */
  'convertedImageInfo': (_clova_ocr_document_v1_ConvertedImageInfo__Output | null);
}
