// Original file: ../proto/clova/ocr/document/v1/credit_card.proto

import type { Meta as _clova_ocr_document_v1_Meta, Meta__Output as _clova_ocr_document_v1_Meta__Output } from '../../../../clova/ocr/document/v1/Meta';
import type { CreditCardResult as _clova_ocr_document_v1_CreditCardResult, CreditCardResult__Output as _clova_ocr_document_v1_CreditCardResult__Output } from '../../../../clova/ocr/document/v1/CreditCardResult';

/**
 * CLOVA's "creditCard" object: the result of the credit card domain.
 */
export interface CreditCard {
  /**
   * Optional. Meta information, e.g. the estimated language.
   */
  'meta'?: (_clova_ocr_document_v1_Meta | null);
  /**
   * Optional. Recognition result.
   */
  'result'?: (_clova_ocr_document_v1_CreditCardResult | null);
}

/**
 * CLOVA's "creditCard" object: the result of the credit card domain.
 */
export interface CreditCard__Output {
  /**
   * Optional. Meta information, e.g. the estimated language.
   */
  'meta': (_clova_ocr_document_v1_Meta__Output | null);
  /**
   * Optional. Recognition result.
   */
  'result': (_clova_ocr_document_v1_CreditCardResult__Output | null);
}
