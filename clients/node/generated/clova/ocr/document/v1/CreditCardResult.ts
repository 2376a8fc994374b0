// Original file: ../proto/clova/ocr/document/v1/credit_card.proto

import type { Field as _clova_ocr_document_v1_Field, Field__Output as _clova_ocr_document_v1_Field__Output } from '../../../../clova/ocr/document/v1/Field';

/**
 * What was read from a credit card.
 */
export interface CreditCardResult {
  /**
   * Optional. Card number.
   */
  'number'?: (_clova_ocr_document_v1_Field | null);
  /**
   * Optional. Expiry ("valid thru") date.
   */
  'validThru'?: (_clova_ocr_document_v1_Field | null);
  /**
   * Optional. Card owner's name.
   */
  'name'?: (_clova_ocr_document_v1_Field | null);
}

/**
 * What was read from a credit card.
 */
export interface CreditCardResult__Output {
  /**
   * Optional. Card number.
   */
  'number': (_clova_ocr_document_v1_Field__Output | null);
  /**
   * Optional. Expiry ("valid thru") date.
   */
  'validThru': (_clova_ocr_document_v1_Field__Output | null);
  /**
   * Optional. Card owner's name.
   */
  'name': (_clova_ocr_document_v1_Field__Output | null);
}
