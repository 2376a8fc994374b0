// Original file: ../proto/clova/ocr/document/v1/name_card.proto

import type { StringObject as _clova_ocr_document_v1_StringObject, StringObject__Output as _clova_ocr_document_v1_StringObject__Output } from '../../../../clova/ocr/document/v1/StringObject';
import type { TelObject as _clova_ocr_document_v1_TelObject, TelObject__Output as _clova_ocr_document_v1_TelObject__Output } from '../../../../clova/ocr/document/v1/TelObject';

/**
 * What was read from a business card. Field names keep CLOVA's singular keys.
 */
export interface NameCardResult {
  /**
   * Optional. Names.
   */
  'name'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Furigana readings of the name (only when the language is ja).
   */
  'nameFurigana'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Companies.
   */
  'company'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Departments.
   */
  'department'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Addresses.
   */
  'address'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Positions (job titles).
   */
  'position'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Mobile numbers.
   */
  'mobile'?: (_clova_ocr_document_v1_TelObject)[];
  /**
   * Optional. Telephone numbers.
   */
  'tel'?: (_clova_ocr_document_v1_TelObject)[];
  /**
   * Optional. Fax numbers.
   */
  'fax'?: (_clova_ocr_document_v1_TelObject)[];
  /**
   * Optional. E-mail addresses.
   */
  'email'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Homepages.
   */
  'homepage'?: (_clova_ocr_document_v1_StringObject)[];
}

/**
 * What was read from a business card. Field names keep CLOVA's singular keys.
 */
export interface NameCardResult__Output {
  /**
   * Optional. Names.
   */
  'name': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Furigana readings of the name (only when the language is ja).
   */
  'nameFurigana': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Companies.
   */
  'company': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Departments.
   */
  'department': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Addresses.
   */
  'address': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Positions (job titles).
   */
  'position': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Mobile numbers.
   */
  'mobile': (_clova_ocr_document_v1_TelObject__Output)[];
  /**
   * Optional. Telephone numbers.
   */
  'tel': (_clova_ocr_document_v1_TelObject__Output)[];
  /**
   * Optional. Fax numbers.
   */
  'fax': (_clova_ocr_document_v1_TelObject__Output)[];
  /**
   * Optional. E-mail addresses.
   */
  'email': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Homepages.
   */
  'homepage': (_clova_ocr_document_v1_StringObject__Output)[];
}
