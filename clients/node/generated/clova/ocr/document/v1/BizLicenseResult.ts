// Original file: ../proto/clova/ocr/document/v1/biz_license.proto

import type { BaseObject as _clova_ocr_document_v1_BaseObject, BaseObject__Output as _clova_ocr_document_v1_BaseObject__Output } from '../../../../clova/ocr/document/v1/BaseObject';
import type { StringObject as _clova_ocr_document_v1_StringObject, StringObject__Output as _clova_ocr_document_v1_StringObject__Output } from '../../../../clova/ocr/document/v1/StringObject';

/**
 * What was read from a Korean business registration certificate.
 */
export interface BizLicenseResult {
  /**
   * Optional. Date of birth.
   */
  'birth'?: (_clova_ocr_document_v1_BaseObject)[];
  /**
   * Optional. Business address.
   */
  'bisAddress'?: (_clova_ocr_document_v1_BaseObject)[];
  /**
   * Optional. Area of the business establishment.
   */
  'bisArea'?: (_clova_ocr_document_v1_BaseObject)[];
  /**
   * Optional. Business item.
   */
  'bisItem'?: (_clova_ocr_document_v1_BaseObject)[];
  /**
   * Optional. Business registration number.
   */
  'registerNumber'?: (_clova_ocr_document_v1_BaseObject)[];
  /**
   * Optional. Business type.
   */
  'bisType'?: (_clova_ocr_document_v1_BaseObject)[];
  /**
   * Optional. Name of the company.
   */
  'companyName'?: (_clova_ocr_document_v1_BaseObject)[];
  /**
   * Optional. Names of co-representatives.
   */
  'coRepName'?: (_clova_ocr_document_v1_BaseObject)[];
  /**
   * Optional. Name of the corporation (group).
   */
  'corpName'?: (_clova_ocr_document_v1_BaseObject)[];
  /**
   * Optional. Corporate registration number.
   */
  'corpRegisterNum'?: (_clova_ocr_document_v1_BaseObject)[];
  /**
   * Optional. Resident registration numbers of co-representatives.
   */
  'coRepSocialNum'?: (_clova_ocr_document_v1_BaseObject)[];
  /**
   * Optional. Document type.
   */
  'documentType'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Head office address.
   */
  'headAddress'?: (_clova_ocr_document_v1_BaseObject)[];
  /**
   * Optional. Date of issuance.
   */
  'issuanceDate'?: (_clova_ocr_document_v1_BaseObject)[];
  /**
   * Optional. Reason for issuance.
   */
  'issuanceReason'?: (_clova_ocr_document_v1_BaseObject)[];
  /**
   * Optional. Date of business commencement.
   */
  'openDate'?: (_clova_ocr_document_v1_BaseObject)[];
  /**
   * Optional. Name of the representative.
   */
  'repName'?: (_clova_ocr_document_v1_BaseObject)[];
  /**
   * Optional. Resident registration number.
   */
  'socialNumber'?: (_clova_ocr_document_v1_BaseObject)[];
  /**
   * Optional. Type of taxation.
   */
  'taxType'?: (_clova_ocr_document_v1_BaseObject)[];
}

/**
 * What was read from a Korean business registration certificate.
 */
export interface BizLicenseResult__Output {
  /**
   * Optional. Date of birth.
   */
  'birth': (_clova_ocr_document_v1_BaseObject__Output)[];
  /**
   * Optional. Business address.
   */
  'bisAddress': (_clova_ocr_document_v1_BaseObject__Output)[];
  /**
   * Optional. Area of the business establishment.
   */
  'bisArea': (_clova_ocr_document_v1_BaseObject__Output)[];
  /**
   * Optional. Business item.
   */
  'bisItem': (_clova_ocr_document_v1_BaseObject__Output)[];
  /**
   * Optional. Business registration number.
   */
  'registerNumber': (_clova_ocr_document_v1_BaseObject__Output)[];
  /**
   * Optional. Business type.
   */
  'bisType': (_clova_ocr_document_v1_BaseObject__Output)[];
  /**
   * Optional. Name of the company.
   */
  'companyName': (_clova_ocr_document_v1_BaseObject__Output)[];
  /**
   * Optional. Names of co-representatives.
   */
  'coRepName': (_clova_ocr_document_v1_BaseObject__Output)[];
  /**
   * Optional. Name of the corporation (group).
   */
  'corpName': (_clova_ocr_document_v1_BaseObject__Output)[];
  /**
   * Optional. Corporate registration number.
   */
  'corpRegisterNum': (_clova_ocr_document_v1_BaseObject__Output)[];
  /**
   * Optional. Resident registration numbers of co-representatives.
   */
  'coRepSocialNum': (_clova_ocr_document_v1_BaseObject__Output)[];
  /**
   * Optional. Document type.
   */
  'documentType': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Head office address.
   */
  'headAddress': (_clova_ocr_document_v1_BaseObject__Output)[];
  /**
   * Optional. Date of issuance.
   */
  'issuanceDate': (_clova_ocr_document_v1_BaseObject__Output)[];
  /**
   * Optional. Reason for issuance.
   */
  'issuanceReason': (_clova_ocr_document_v1_BaseObject__Output)[];
  /**
   * Optional. Date of business commencement.
   */
  'openDate': (_clova_ocr_document_v1_BaseObject__Output)[];
  /**
   * Optional. Name of the representative.
   */
  'repName': (_clova_ocr_document_v1_BaseObject__Output)[];
  /**
   * Optional. Resident registration number.
   */
  'socialNumber': (_clova_ocr_document_v1_BaseObject__Output)[];
  /**
   * Optional. Type of taxation.
   */
  'taxType': (_clova_ocr_document_v1_BaseObject__Output)[];
}
