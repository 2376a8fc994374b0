// Original file: ../proto/clova/ocr/document/v1/id_card.proto

import type { BaseObject as _clova_ocr_document_v1_BaseObject, BaseObject__Output as _clova_ocr_document_v1_BaseObject__Output } from '../../../../clova/ocr/document/v1/BaseObject';
import type { StringObject as _clova_ocr_document_v1_StringObject, StringObject__Output as _clova_ocr_document_v1_StringObject__Output } from '../../../../clova/ocr/document/v1/StringObject';
import type { DateObject as _clova_ocr_document_v1_DateObject, DateObject__Output as _clova_ocr_document_v1_DateObject__Output } from '../../../../clova/ocr/document/v1/DateObject';

/**
 * Items of a driver's license.
 */
export interface DriverLicense {
  /**
   * Optional. License type.
   */
  'type'?: (_clova_ocr_document_v1_BaseObject)[];
  /**
   * Optional. License number.
   */
  'num'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Name (Korean).
   */
  'name'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Personal number.
   */
  'personalNum'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Address.
   */
  'address'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Start of the renewal period.
   */
  'renewStartDate'?: (_clova_ocr_document_v1_DateObject)[];
  /**
   * Optional. End of the renewal period.
   */
  'renewEndDate'?: (_clova_ocr_document_v1_DateObject)[];
  /**
   * Optional. License conditions.
   */
  'condition'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. License code.
   */
  'code'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Registration for organ and tissue donation.
   */
  'organDonation'?: (_clova_ocr_document_v1_BaseObject)[];
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
 * Items of a driver's license.
 */
export interface DriverLicense__Output {
  /**
   * Optional. License type.
   */
  'type': (_clova_ocr_document_v1_BaseObject__Output)[];
  /**
   * Optional. License number.
   */
  'num': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Name (Korean).
   */
  'name': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Personal number.
   */
  'personalNum': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Address.
   */
  'address': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Start of the renewal period.
   */
  'renewStartDate': (_clova_ocr_document_v1_DateObject__Output)[];
  /**
   * Optional. End of the renewal period.
   */
  'renewEndDate': (_clova_ocr_document_v1_DateObject__Output)[];
  /**
   * Optional. License conditions.
   */
  'condition': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. License code.
   */
  'code': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Registration for organ and tissue donation.
   */
  'organDonation': (_clova_ocr_document_v1_BaseObject__Output)[];
  /**
   * Optional. Issue date.
   */
  'issueDate': (_clova_ocr_document_v1_DateObject__Output)[];
  /**
   * Optional. Issuing agency.
   */
  'authority': (_clova_ocr_document_v1_StringObject__Output)[];
}
