// Original file: ../proto/clova/ocr/document/v1/id_card.proto

import type { Meta as _clova_ocr_document_v1_Meta, Meta__Output as _clova_ocr_document_v1_Meta__Output } from '../../../../clova/ocr/document/v1/Meta';
import type { IdCardResult as _clova_ocr_document_v1_IdCardResult, IdCardResult__Output as _clova_ocr_document_v1_IdCardResult__Output } from '../../../../clova/ocr/document/v1/IdCardResult';

/**
 * CLOVA's "idCard" object: the result of the ID card domain (ID card, driver's license,
 * passport, alien registration card).
 */
export interface IdCard {
  /**
   * Optional. Meta information, e.g. the estimated language.
   */
  'meta'?: (_clova_ocr_document_v1_Meta | null);
  /**
   * Optional. Recognition result.
   */
  'result'?: (_clova_ocr_document_v1_IdCardResult | null);
}

/**
 * CLOVA's "idCard" object: the result of the ID card domain (ID card, driver's license,
 * passport, alien registration card).
 */
export interface IdCard__Output {
  /**
   * Optional. Meta information, e.g. the estimated language.
   */
  'meta': (_clova_ocr_document_v1_Meta__Output | null);
  /**
   * Optional. Recognition result.
   */
  'result': (_clova_ocr_document_v1_IdCardResult__Output | null);
}
