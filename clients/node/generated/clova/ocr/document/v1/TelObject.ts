// Original file: ../proto/clova/ocr/document/v1/fields.proto

import type { ValueFormatted as _clova_ocr_document_v1_ValueFormatted, ValueFormatted__Output as _clova_ocr_document_v1_ValueFormatted__Output } from '../../../../clova/ocr/document/v1/ValueFormatted';
import type { BoundingPoly as _clova_ocr_document_v1_BoundingPoly, BoundingPoly__Output as _clova_ocr_document_v1_BoundingPoly__Output } from '../../../../clova/ocr/document/v1/BoundingPoly';

/**
 * CLOVA's "TelObject": a telephone number with its refined digits.
 */
export interface TelObject {
  /**
   * Optional. Parsed text.
   */
  'text'?: (string);
  /**
   * Optional. Digits of the number, possibly with a leading "+"; empty when refinement fails.
   */
  'formatted'?: (_clova_ocr_document_v1_ValueFormatted | null);
  /**
   * Optional. Polygons around the text.
   */
  'boundingPolys'?: (_clova_ocr_document_v1_BoundingPoly)[];
  /**
   * Optional. Polygons of personal information to mask.
   */
  'maskingPolys'?: (_clova_ocr_document_v1_BoundingPoly)[];
  '_text'?: "text";
}

/**
 * CLOVA's "TelObject": a telephone number with its refined digits.
 */
export interface TelObject__Output {
  /**
   * Optional. Parsed text.
   */
  'text'?: (string);
  /**
   * Optional. Digits of the number, possibly with a leading "+"; empty when refinement fails.
   */
  'formatted': (_clova_ocr_document_v1_ValueFormatted__Output | null);
  /**
   * Optional. Polygons around the text.
   */
  'boundingPolys': (_clova_ocr_document_v1_BoundingPoly__Output)[];
  /**
   * Optional. Polygons of personal information to mask.
   */
  'maskingPolys': (_clova_ocr_document_v1_BoundingPoly__Output)[];
  '_text'?: "text";
}
