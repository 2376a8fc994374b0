// Original file: ../proto/clova/ocr/document/v1/id_card.proto

import type { StringObject as _clova_ocr_document_v1_StringObject, StringObject__Output as _clova_ocr_document_v1_StringObject__Output } from '../../../../clova/ocr/document/v1/StringObject';
import type { DateObject as _clova_ocr_document_v1_DateObject, DateObject__Output as _clova_ocr_document_v1_DateObject__Output } from '../../../../clova/ocr/document/v1/DateObject';

/**
 * Items of an alien registration card.
 */
export interface AlienRegistrationCard {
  /**
   * Optional. Alien registration number.
   */
  'alienRegNum'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Sex.
   */
  'sex'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Name.
   */
  'name'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Nationality.
   */
  'nationality'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Visa type.
   */
  'visaType'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Issue date.
   */
  'issueDate'?: (_clova_ocr_document_v1_DateObject)[];
  /**
   * Optional. Issuing agency.
   */
  'authority'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Issuing agency in English.
   */
  'authorityEng'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Further alien registration number items.
   */
  'alienRegNumEtc'?: (_clova_ocr_document_v1_StringObject)[];
}

/**
 * Items of an alien registration card.
 */
export interface AlienRegistrationCard__Output {
  /**
   * Optional. Alien registration number.
   */
  'alienRegNum': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Sex.
   */
  'sex': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Name.
   */
  'name': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Nationality.
   */
  'nationality': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Visa type.
   */
  'visaType': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Issue date.
   */
  'issueDate': (_clova_ocr_document_v1_DateObject__Output)[];
  /**
   * Optional. Issuing agency.
   */
  'authority': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Issuing agency in English.
   */
  'authorityEng': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Further alien registration number items.
   */
  'alienRegNumEtc': (_clova_ocr_document_v1_StringObject__Output)[];
}
