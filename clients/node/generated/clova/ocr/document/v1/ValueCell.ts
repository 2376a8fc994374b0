// Original file: ../proto/clova/ocr/document/v1/medical_receipt.proto

import type { BoundingPoly as _clova_ocr_document_v1_BoundingPoly, BoundingPoly__Output as _clova_ocr_document_v1_BoundingPoly__Output } from '../../../../clova/ocr/document/v1/BoundingPoly';

/**
 * The value cell of a medical receipt's table.
 */
export interface ValueCell {
  /**
   * Optional. Cell bounding box.
   */
  'boundingPoly'?: (_clova_ocr_document_v1_BoundingPoly | null);
  /**
   * Optional. Confidence of the value cell.
   */
  'confidence'?: (number | string);
  /**
   * Optional. Text of the value cell.
   */
  'value'?: (string);
  '_confidence'?: "confidence";
  '_value'?: "value";
}

/**
 * The value cell of a medical receipt's table.
 */
export interface ValueCell__Output {
  /**
   * Optional. Cell bounding box.
   */
  'boundingPoly': (_clova_ocr_document_v1_BoundingPoly__Output | null);
  /**
   * Optional. Confidence of the value cell.
   */
  'confidence'?: (number);
  /**
   * Optional. Text of the value cell.
   */
  'value'?: (string);
  '_confidence'?: "confidence";
  '_value'?: "value";
}
