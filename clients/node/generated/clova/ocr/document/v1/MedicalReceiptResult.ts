// Original file: ../proto/clova/ocr/document/v1/medical_receipt.proto

import type { KeyCell as _clova_ocr_document_v1_KeyCell, KeyCell__Output as _clova_ocr_document_v1_KeyCell__Output } from '../../../../clova/ocr/document/v1/KeyCell';
import type { ValueCell as _clova_ocr_document_v1_ValueCell, ValueCell__Output as _clova_ocr_document_v1_ValueCell__Output } from '../../../../clova/ocr/document/v1/ValueCell';

/**
 * One value cell of a medical receipt with the key cells that name it.
 */
export interface MedicalReceiptResult {
  /**
   * Optional. Id of the cell.
   */
  'id'?: (number);
  /**
   * Optional. Key texts separated by "|".
   */
  'keyTexts'?: (string);
  /**
   * Optional. Text of the value cell.
   */
  'valueText'?: (string);
  /**
   * Optional. Confidence of the value cell.
   */
  'confidence'?: (number | string);
  /**
   * Optional. Key cells, in column-then-row key order.
   */
  'keyCells'?: (_clova_ocr_document_v1_KeyCell)[];
  /**
   * Optional. The value cell.
   */
  'valueCell'?: (_clova_ocr_document_v1_ValueCell | null);
  '_id'?: "id";
  '_keyTexts'?: "keyTexts";
  '_valueText'?: "valueText";
  '_confidence'?: "confidence";
}

/**
 * One value cell of a medical receipt with the key cells that name it.
 */
export interface MedicalReceiptResult__Output {
  /**
   * Optional. Id of the cell.
   */
  'id'?: (number);
  /**
   * Optional. Key texts separated by "|".
   */
  'keyTexts'?: (string);
  /**
   * Optional. Text of the value cell.
   */
  'valueText'?: (string);
  /**
   * Optional. Confidence of the value cell.
   */
  'confidence'?: (number);
  /**
   * Optional. Key cells, in column-then-row key order.
   */
  'keyCells': (_clova_ocr_document_v1_KeyCell__Output)[];
  /**
   * Optional. The value cell.
   */
  'valueCell': (_clova_ocr_document_v1_ValueCell__Output | null);
  '_id'?: "id";
  '_keyTexts'?: "keyTexts";
  '_valueText'?: "valueText";
  '_confidence'?: "confidence";
}
