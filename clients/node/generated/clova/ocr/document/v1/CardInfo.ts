// Original file: ../proto/clova/ocr/document/v1/receipt.proto

import type { StringObject as _clova_ocr_document_v1_StringObject, StringObject__Output as _clova_ocr_document_v1_StringObject__Output } from '../../../../clova/ocr/document/v1/StringObject';

/**
 * The card a receipt was paid with.
 */
export interface CardInfo {
  /**
   * Optional. Name of the card company.
   */
  'company'?: (_clova_ocr_document_v1_StringObject | null);
  /**
   * Optional. Card number (usually partly masked on the receipt).
   */
  'number'?: (_clova_ocr_document_v1_StringObject | null);
}

/**
 * The card a receipt was paid with.
 */
export interface CardInfo__Output {
  /**
   * Optional. Name of the card company.
   */
  'company': (_clova_ocr_document_v1_StringObject__Output | null);
  /**
   * Optional. Card number (usually partly masked on the receipt).
   */
  'number': (_clova_ocr_document_v1_StringObject__Output | null);
}
