// Original file: ../proto/clova/ocr/document/v1/fields.proto


/**
 * CLOVA's "PoiObject": a place of interest matched to a receipt's store.
 */
export interface PoiObject {
  /**
   * Optional. Unique id of the place.
   */
  'gid'?: (string);
  /**
   * Optional. Name of the business.
   */
  'title'?: (string);
  /**
   * Optional. Telephone number.
   */
  'phone'?: (string);
  /**
   * Optional. Lot-number address.
   */
  'address'?: (string);
  /**
   * Optional. Road-name address.
   */
  'roadAddress'?: (string);
  /**
   * Optional. Business registration number; CLOVA may send null until it supports it.
   */
  'biznum'?: (string);
  /**
   * Optional. Confidence, higher is more accurate (CLOVA documents it as a string).
   */
  'confidence'?: (string);
  '_gid'?: "gid";
  '_title'?: "title";
  '_phone'?: "phone";
  '_address'?: "address";
  '_roadAddress'?: "roadAddress";
  '_biznum'?: "biznum";
  '_confidence'?: "confidence";
}

/**
 * CLOVA's "PoiObject": a place of interest matched to a receipt's store.
 */
export interface PoiObject__Output {
  /**
   * Optional. Unique id of the place.
   */
  'gid'?: (string);
  /**
   * Optional. Name of the business.
   */
  'title'?: (string);
  /**
   * Optional. Telephone number.
   */
  'phone'?: (string);
  /**
   * Optional. Lot-number address.
   */
  'address'?: (string);
  /**
   * Optional. Road-name address.
   */
  'roadAddress'?: (string);
  /**
   * Optional. Business registration number; CLOVA may send null until it supports it.
   */
  'biznum'?: (string);
  /**
   * Optional. Confidence, higher is more accurate (CLOVA documents it as a string).
   */
  'confidence'?: (string);
  '_gid'?: "gid";
  '_title'?: "title";
  '_phone'?: "phone";
  '_address'?: "address";
  '_roadAddress'?: "roadAddress";
  '_biznum'?: "biznum";
  '_confidence'?: "confidence";
}
