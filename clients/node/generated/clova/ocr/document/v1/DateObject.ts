// Original file: ../proto/clova/ocr/document/v1/fields.proto

import type { DateFormatted as _clova_ocr_document_v1_DateFormatted, DateFormatted__Output as _clova_ocr_document_v1_DateFormatted__Output } from '../../../../clova/ocr/document/v1/DateFormatted';
import type { BoundingPoly as _clova_ocr_document_v1_BoundingPoly, BoundingPoly__Output as _clova_ocr_document_v1_BoundingPoly__Output } from '../../../../clova/ocr/document/v1/BoundingPoly';

/**
 * CLOVA's "dateObject".
 */
export interface DateObject {
  /**
   * Optional. Parsed text.
   */
  'text'?: (string);
  /**
   * Optional. Refined year, month and day.
   */
  'formatted'?: (_clova_ocr_document_v1_DateFormatted | null);
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
 * CLOVA's "dateObject".
 */
export interface DateObject__Output {
  /**
   * Optional. Parsed text.
   */
  'text'?: (string);
  /**
   * Optional. Refined year, month and day.
   */
  'formatted': (_clova_ocr_document_v1_DateFormatted__Output | null);
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
