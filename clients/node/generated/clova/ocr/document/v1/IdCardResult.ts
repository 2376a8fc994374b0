// Original file: ../proto/clova/ocr/document/v1/id_card.proto

import type { BoundingPoly as _clova_ocr_document_v1_BoundingPoly, BoundingPoly__Output as _clova_ocr_document_v1_BoundingPoly__Output } from '../../../../clova/ocr/document/v1/BoundingPoly';
import type { NationalIdCard as _clova_ocr_document_v1_NationalIdCard, NationalIdCard__Output as _clova_ocr_document_v1_NationalIdCard__Output } from '../../../../clova/ocr/document/v1/NationalIdCard';
import type { DriverLicense as _clova_ocr_document_v1_DriverLicense, DriverLicense__Output as _clova_ocr_document_v1_DriverLicense__Output } from '../../../../clova/ocr/document/v1/DriverLicense';
import type { PassportCard as _clova_ocr_document_v1_PassportCard, PassportCard__Output as _clova_ocr_document_v1_PassportCard__Output } from '../../../../clova/ocr/document/v1/PassportCard';
import type { AlienRegistrationCard as _clova_ocr_document_v1_AlienRegistrationCard, AlienRegistrationCard__Output as _clova_ocr_document_v1_AlienRegistrationCard__Output } from '../../../../clova/ocr/document/v1/AlienRegistrationCard';

/**
 * What was read from an identity document. Exactly one of ic, dl, pp, ac is usually set.
 */
export interface IdCardResult {
  /**
   * Optional. True when every required item of the detected ID type was found.
   */
  'isConfident'?: (boolean);
  /**
   * Optional. Type of ID: "ID Card", "Driver's License", "Passport", "Alien Registration Card" or
   * "unknown". The reference's table says "IDType"; its example says "idtype". Both are read.
   */
  'idType'?: (string);
  /**
   * Optional. Regions of interest.
   */
  'rois'?: (_clova_ocr_document_v1_BoundingPoly)[];
  /**
   * Optional. National ID card.
   */
  'ic'?: (_clova_ocr_document_v1_NationalIdCard | null);
  /**
   * Optional. Driver's license.
   */
  'dl'?: (_clova_ocr_document_v1_DriverLicense | null);
  /**
   * Optional. Passport (read as an ID card).
   */
  'pp'?: (_clova_ocr_document_v1_PassportCard | null);
  /**
   * Optional. Alien registration card.
   */
  'ac'?: (_clova_ocr_document_v1_AlienRegistrationCard | null);
  '_isConfident'?: "isConfident";
  '_idType'?: "idType";
}

/**
 * What was read from an identity document. Exactly one of ic, dl, pp, ac is usually set.
 */
export interface IdCardResult__Output {
  /**
   * Optional. True when every required item of the detected ID type was found.
   */
  'isConfident'?: (boolean);
  /**
   * Optional. Type of ID: "ID Card", "Driver's License", "Passport", "Alien Registration Card" or
   * "unknown". The reference's table says "IDType"; its example says "idtype". Both are read.
   */
  'idType'?: (string);
  /**
   * Optional. Regions of interest.
   */
  'rois': (_clova_ocr_document_v1_BoundingPoly__Output)[];
  /**
   * Optional. National ID card.
   */
  'ic': (_clova_ocr_document_v1_NationalIdCard__Output | null);
  /**
   * Optional. Driver's license.
   */
  'dl': (_clova_ocr_document_v1_DriverLicense__Output | null);
  /**
   * Optional. Passport (read as an ID card).
   */
  'pp': (_clova_ocr_document_v1_PassportCard__Output | null);
  /**
   * Optional. Alien registration card.
   */
  'ac': (_clova_ocr_document_v1_AlienRegistrationCard__Output | null);
  '_isConfident'?: "isConfident";
  '_idType'?: "idType";
}
