// Original file: ../proto/clova/ocr/document/v1/id_card.proto

import type { StringObject as _clova_ocr_document_v1_StringObject, StringObject__Output as _clova_ocr_document_v1_StringObject__Output } from '../../../../clova/ocr/document/v1/StringObject';
import type { BaseObject as _clova_ocr_document_v1_BaseObject, BaseObject__Output as _clova_ocr_document_v1_BaseObject__Output } from '../../../../clova/ocr/document/v1/BaseObject';
import type { DateObject as _clova_ocr_document_v1_DateObject, DateObject__Output as _clova_ocr_document_v1_DateObject__Output } from '../../../../clova/ocr/document/v1/DateObject';

/**
 * Items of a passport read by the ID card domain.
 */
export interface PassportCard {
  /**
   * Optional. Passport type.
   */
  'type'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Issuing country.
   */
  'issueCountry'?: (_clova_ocr_document_v1_BaseObject)[];
  /**
   * Optional. Passport number.
   */
  'num'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Surname.
   */
  'surName'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Given names.
   */
  'givenName'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Nationality.
   */
  'nationality'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Date of birth.
   */
  'birthDate'?: (_clova_ocr_document_v1_DateObject)[];
  /**
   * Optional. Personal ID number.
   */
  'personalNum'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Sex.
   */
  'sex'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Date of issue.
   */
  'issueDate'?: (_clova_ocr_document_v1_DateObject)[];
  /**
   * Optional. Date of expiry.
   */
  'expireDate'?: (_clova_ocr_document_v1_DateObject)[];
  /**
   * Optional. Issuing authority.
   */
  'authority'?: (_clova_ocr_document_v1_BaseObject)[];
  /**
   * Optional. Name in Korean.
   */
  'fullNameKor'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Machine readable zone, line 1.
   */
  'mrz1'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Machine readable zone, line 2.
   */
  'mrz2'?: (_clova_ocr_document_v1_StringObject)[];
}

/**
 * Items of a passport read by the ID card domain.
 */
export interface PassportCard__Output {
  /**
   * Optional. Passport type.
   */
  'type': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Issuing country.
   */
  'issueCountry': (_clova_ocr_document_v1_BaseObject__Output)[];
  /**
   * Optional. Passport number.
   */
  'num': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Surname.
   */
  'surName': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Given names.
   */
  'givenName': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Nationality.
   */
  'nationality': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Date of birth.
   */
  'birthDate': (_clova_ocr_document_v1_DateObject__Output)[];
  /**
   * Optional. Personal ID number.
   */
  'personalNum': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Sex.
   */
  'sex': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Date of issue.
   */
  'issueDate': (_clova_ocr_document_v1_DateObject__Output)[];
  /**
   * Optional. Date of expiry.
   */
  'expireDate': (_clova_ocr_document_v1_DateObject__Output)[];
  /**
   * Optional. Issuing authority.
   */
  'authority': (_clova_ocr_document_v1_BaseObject__Output)[];
  /**
   * Optional. Name in Korean.
   */
  'fullNameKor': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Machine readable zone, line 1.
   */
  'mrz1': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Machine readable zone, line 2.
   */
  'mrz2': (_clova_ocr_document_v1_StringObject__Output)[];
}
