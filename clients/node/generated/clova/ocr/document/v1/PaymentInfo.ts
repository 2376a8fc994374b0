// Original file: ../proto/clova/ocr/document/v1/receipt.proto

import type { DateObject as _clova_ocr_document_v1_DateObject, DateObject__Output as _clova_ocr_document_v1_DateObject__Output } from '../../../../clova/ocr/document/v1/DateObject';
import type { TimeObject as _clova_ocr_document_v1_TimeObject, TimeObject__Output as _clova_ocr_document_v1_TimeObject__Output } from '../../../../clova/ocr/document/v1/TimeObject';
import type { CardInfo as _clova_ocr_document_v1_CardInfo, CardInfo__Output as _clova_ocr_document_v1_CardInfo__Output } from '../../../../clova/ocr/document/v1/CardInfo';
import type { BaseObject as _clova_ocr_document_v1_BaseObject, BaseObject__Output as _clova_ocr_document_v1_BaseObject__Output } from '../../../../clova/ocr/document/v1/BaseObject';

/**
 * How the receipt was paid.
 */
export interface PaymentInfo {
  /**
   * Optional. Transaction date.
   */
  'date'?: (_clova_ocr_document_v1_DateObject | null);
  /**
   * Optional. Transaction time.
   */
  'time'?: (_clova_ocr_document_v1_TimeObject | null);
  /**
   * Optional. Card used.
   */
  'cardInfo'?: (_clova_ocr_document_v1_CardInfo | null);
  /**
   * Optional. Transaction confirmation number.
   */
  'confirmNum'?: (_clova_ocr_document_v1_BaseObject | null);
}

/**
 * How the receipt was paid.
 */
export interface PaymentInfo__Output {
  /**
   * Optional. Transaction date.
   */
  'date': (_clova_ocr_document_v1_DateObject__Output | null);
  /**
   * Optional. Transaction time.
   */
  'time': (_clova_ocr_document_v1_TimeObject__Output | null);
  /**
   * Optional. Card used.
   */
  'cardInfo': (_clova_ocr_document_v1_CardInfo__Output | null);
  /**
   * Optional. Transaction confirmation number.
   */
  'confirmNum': (_clova_ocr_document_v1_BaseObject__Output | null);
}
