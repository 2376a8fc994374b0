// Original file: ../proto/clova/ocr/document/v1/medical_receipt.proto

import type { BoundingPoly as _clova_ocr_document_v1_BoundingPoly, BoundingPoly__Output as _clova_ocr_document_v1_BoundingPoly__Output } from '../../../../clova/ocr/document/v1/BoundingPoly';

/**
 * A key cell of a medical receipt's table.
 */
export interface KeyCell {
  /**
   * Optional. Cell bounding box.
   */
  'boundingPoly'?: (_clova_ocr_document_v1_BoundingPoly | null);
  /**
   * Optional. Depth of the key cell (documented as a string, sent as a number).
   */
  'depth'?: (number);
  /**
   * Optional. Grounded text of the key cell.
   */
  'formatted'?: (string);
  /**
   * Optional. Whether the key is column-wise or row-wise.
   */
  'group'?: (string);
  /**
   * Optional. Ungrounded text of the key cell.
   */
  'value'?: (string);
  '_depth'?: "depth";
  '_formatted'?: "formatted";
  '_group'?: "group";
  '_value'?: "value";
}

/**
 * A key cell of a medical receipt's table.
 */
export interface KeyCell__Output {
  /**
   * Optional. Cell bounding box.
   */
  'boundingPoly': (_clova_ocr_document_v1_BoundingPoly__Output | null);
  /**
   * Optional. Depth of the key cell (documented as a string, sent as a number).
   */
  'depth'?: (number);
  /**
   * Optional. Grounded text of the key cell.
   */
  'formatted'?: (string);
  /**
   * Optional. Whether the key is column-wise or row-wise.
   */
  'group'?: (string);
  /**
   * Optional. Ungrounded text of the key cell.
   */
  'value'?: (string);
  '_depth'?: "depth";
  '_formatted'?: "formatted";
  '_group'?: "group";
  '_value'?: "value";
}
