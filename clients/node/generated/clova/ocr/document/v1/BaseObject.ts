// Original file: ../proto/clova/ocr/document/v1/fields.proto

import type { BoundingPoly as _clova_ocr_document_v1_BoundingPoly, BoundingPoly__Output as _clova_ocr_document_v1_BoundingPoly__Output } from '../../../../clova/ocr/document/v1/BoundingPoly';
import type { ValueFormatted as _clova_ocr_document_v1_ValueFormatted, ValueFormatted__Output as _clova_ocr_document_v1_ValueFormatted__Output } from '../../../../clova/ocr/document/v1/ValueFormatted';

/**
 * CLOVA's "baseObject": parsed text and where it was found.
 */
export interface BaseObject {
  /**
   * Optional. Parsed text.
   */
  'text'?: (string);
  /**
   * Optional. Polygons around the text.
   */
  'boundingPolys'?: (_clova_ocr_document_v1_BoundingPoly)[];
  /**
   * Optional. Polygons of personal information to mask (sent for ID documents).
   */
  'maskingPolys'?: (_clova_ocr_document_v1_BoundingPoly)[];
  /**
   * Optional. Refined text; not in the reference for baseObject, kept when CLOVA sends it.
   */
  'formatted'?: (_clova_ocr_document_v1_ValueFormatted | null);
  '_text'?: "text";
}

/**
 * CLOVA's "baseObject": parsed text and where it was found.
 */
export interface BaseObject__Output {
  /**
   * Optional. Parsed text.
   */
  'text'?: (string);
  /**
   * Optional. Polygons around the text.
   */
  'boundingPolys': (_clova_ocr_document_v1_BoundingPoly__Output)[];
  /**
   * Optional. Polygons of personal information to mask (sent for ID documents).
   */
  'maskingPolys': (_clova_ocr_document_v1_BoundingPoly__Output)[];
  /**
   * Optional. Refined text; not in the reference for baseObject, kept when CLOVA sends it.
   */
  'formatted': (_clova_ocr_document_v1_ValueFormatted__Output | null);
  '_text'?: "text";
}
