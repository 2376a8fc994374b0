// Original file: ../proto/clova/ocr/document/v1/receipt.proto

import type { PoiObject as _clova_ocr_document_v1_PoiObject, PoiObject__Output as _clova_ocr_document_v1_PoiObject__Output } from '../../../../clova/ocr/document/v1/PoiObject';
import type { StringObject as _clova_ocr_document_v1_StringObject, StringObject__Output as _clova_ocr_document_v1_StringObject__Output } from '../../../../clova/ocr/document/v1/StringObject';
import type { TelObject as _clova_ocr_document_v1_TelObject, TelObject__Output as _clova_ocr_document_v1_TelObject__Output } from '../../../../clova/ocr/document/v1/TelObject';

/**
 * The store that issued the receipt.
 */
export interface StoreInfo {
  /**
   * Optional. Places of interest matched to the store (POI grounding).
   */
  'poiInfo'?: (_clova_ocr_document_v1_PoiObject)[];
  /**
   * Optional. Name of the store.
   */
  'name'?: (_clova_ocr_document_v1_StringObject | null);
  /**
   * Optional. Branch name of the store.
   */
  'subName'?: (_clova_ocr_document_v1_StringObject | null);
  /**
   * Optional. Business registration number of the store.
   */
  'bizNum'?: (_clova_ocr_document_v1_StringObject | null);
  /**
   * Optional. Movie title (movie tickets).
   */
  'movieName'?: (_clova_ocr_document_v1_StringObject | null);
  /**
   * Optional. Addresses of the store. The reference's table calls this "address"; its example
   * and real answers say "addresses". Both are read.
   */
  'addresses'?: (_clova_ocr_document_v1_StringObject)[];
  /**
   * Optional. Telephone numbers of the store.
   */
  'tel'?: (_clova_ocr_document_v1_TelObject)[];
}

/**
 * The store that issued the receipt.
 */
export interface StoreInfo__Output {
  /**
   * Optional. Places of interest matched to the store (POI grounding).
   */
  'poiInfo': (_clova_ocr_document_v1_PoiObject__Output)[];
  /**
   * Optional. Name of the store.
   */
  'name': (_clova_ocr_document_v1_StringObject__Output | null);
  /**
   * Optional. Branch name of the store.
   */
  'subName': (_clova_ocr_document_v1_StringObject__Output | null);
  /**
   * Optional. Business registration number of the store.
   */
  'bizNum': (_clova_ocr_document_v1_StringObject__Output | null);
  /**
   * Optional. Movie title (movie tickets).
   */
  'movieName': (_clova_ocr_document_v1_StringObject__Output | null);
  /**
   * Optional. Addresses of the store. The reference's table calls this "address"; its example
   * and real answers say "addresses". Both are read.
   */
  'addresses': (_clova_ocr_document_v1_StringObject__Output)[];
  /**
   * Optional. Telephone numbers of the store.
   */
  'tel': (_clova_ocr_document_v1_TelObject__Output)[];
}
