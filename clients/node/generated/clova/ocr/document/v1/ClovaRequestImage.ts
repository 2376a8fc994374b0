// Original file: ../proto/clova/ocr/document/v1/clova_api.proto


/**
 * One image of a CLOVA request.
 */
export interface ClovaRequestImage {
  /**
   * Required. "jpg", "jpeg", "png", "pdf", "tif" or "tiff".
   */
  'format'?: (string);
  /**
   * Required. Name that identifies the image in the answer.
   */
  'name'?: (string);
  /**
   * Optional. Image bytes, base64 in JSON mode; empty in multipart mode.
   */
  'data'?: (Buffer | Uint8Array | string);
}

/**
 * One image of a CLOVA request.
 */
export interface ClovaRequestImage__Output {
  /**
   * Required. "jpg", "jpeg", "png", "pdf", "tif" or "tiff".
   */
  'format': (string);
  /**
   * Required. Name that identifies the image in the answer.
   */
  'name': (string);
  /**
   * Optional. Image bytes, base64 in JSON mode; empty in multipart mode.
   */
  'data': (Buffer);
}
