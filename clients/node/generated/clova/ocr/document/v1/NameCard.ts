// Original file: ../proto/clova/ocr/document/v1/name_card.proto

import type { Meta as _clova_ocr_document_v1_Meta, Meta__Output as _clova_ocr_document_v1_Meta__Output } from '../../../../clova/ocr/document/v1/Meta';
import type { NameCardResult as _clova_ocr_document_v1_NameCardResult, NameCardResult__Output as _clova_ocr_document_v1_NameCardResult__Output } from '../../../../clova/ocr/document/v1/NameCardResult';

/**
 * CLOVA's "nameCard" object: the result of the name card domain.
 */
export interface NameCard {
  /**
   * Optional. Meta information, e.g. the estimated language.
   */
  'meta'?: (_clova_ocr_document_v1_Meta | null);
  /**
   * Optional. Recognition result.
   */
  'result'?: (_clova_ocr_document_v1_NameCardResult | null);
}

/**
 * CLOVA's "nameCard" object: the result of the name card domain.
 */
export interface NameCard__Output {
  /**
   * Optional. Meta information, e.g. the estimated language.
   */
  'meta': (_clova_ocr_document_v1_Meta__Output | null);
  /**
   * Optional. Recognition result.
   */
  'result': (_clova_ocr_document_v1_NameCardResult__Output | null);
}
