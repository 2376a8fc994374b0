// Original file: ../proto/clova/ocr/document/v1/id_card.proto

import type { StringObject as _clova_ocr_document_v1_StringObject, StringObject__Output as _clova_ocr_document_v1_StringObject__Output } from '../../../../clova/ocr/document/v1/StringObject';
import type { DateObject as _clova_ocr_document_v1_DateObject, DateObject__Output as _clova_ocr_document_v1_DateObject__Output } from '../../../../clova/ocr/document/v1/DateObject';

/**
 * Items of a national ID card.
 */
export interface NationalIdCard {
  /**
   * Optional. Name (Korean).
   */
  'name'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Personal ID number.
   */
  'personalNum'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Address.
   */
  'address'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Issue date.
   */
  'issueDate'?: (_clova_ocr_document_v1_DateObject)[];
  /**
   * Optional. Issuing agency.
   */
  'authority'?: (_clova_ocr_document_v1_StringObject)[];
}

/**
 * Items of a national ID card.
 */
export interface NationalIdCard__Output {
  /**
   * Optional. Name (Korean).
   */
  'name': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Personal ID number.
   */
  'personalNum': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Address.
   */
  'address': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Issue date.
   */
  'issueDate': (_clova_ocr_document_v1_DateObject__Output)[];
  /**
   * Optional. Issuing agency.
   */
  'authority': (_clova_ocr_document_v1_StringObject__Output)[];
}
