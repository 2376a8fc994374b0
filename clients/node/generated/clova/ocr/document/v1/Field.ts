// Original file: ../proto/clova/ocr/document/v1/fields.proto

import type { BoundingPoly as _clova_ocr_document_v1_BoundingPoly, BoundingPoly__Output as _clova_ocr_document_v1_BoundingPoly__Output } from '../../../../clova/ocr/document/v1/BoundingPoly';

/**
 * CLOVA's "field object": recognized text with confidence (credit card results).
 */
export interface Field {
  /**
   * Optional. Recognized text.
   */
  'text'?: (string);
  /**
   * Optional. Confidence of the inference, 0 to 1; larger is more accurate.
   */
  'confidence'?: (number | string);
  /**
   * Optional. Polygon around the whole text.
   */
  'boundingPoly'?: (_clova_ocr_document_v1_BoundingPoly | null);
  /**
   * Optional. Polygons around parts of the text (e.g. the four groups of a card number).
   */
  'subBoundingPolys'?: (_clova_ocr_document_v1_BoundingPoly)[];
  '_text'?: "text";
  '_confidence'?: "confidence";
}

/**
 * CLOVA's "field object": recognized text with confidence (credit card results).
 */
export interface Field__Output {
  /**
   * Optional. Recognized text.
   */
  'text'?: (string);
  /**
   * Optional. Confidence of the inference, 0 to 1; larger is more accurate.
   */
  'confidence'?: (number);
  /**
   * Optional. Polygon around the whole text.
   */
  'boundingPoly': (_clova_ocr_document_v1_BoundingPoly__Output | null);
  /**
   * Optional. Polygons around parts of the text (e.g. the four groups of a card number).
   */
  'subBoundingPolys': (_clova_ocr_document_v1_BoundingPoly__Output)[];
  '_text'?: "text";
  '_confidence'?: "confidence";
}
