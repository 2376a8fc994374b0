// Original file: ../proto/clova/ocr/document/v1/image.proto

import type { ImageFormat as _clova_ocr_document_v1_ImageFormat, ImageFormat__Output as _clova_ocr_document_v1_ImageFormat__Output } from '../../../../clova/ocr/document/v1/ImageFormat';

/**
 * An image to recognize.
 */
export interface Image {
  /**
   * The image file's bytes (at most the server's max image size, 20 MiB by default).
   */
  'content'?: (Buffer | Uint8Array | string);
  /**
   * Optional. Format of the content; detected from the bytes when unspecified, and checked
   * against them when given.
   */
  'format'?: (_clova_ocr_document_v1_ImageFormat);
  /**
   * Optional. Name that identifies the image in CLOVA's answer; "image" when empty. At most 128
   * characters, no control characters or path separators.
   */
  'name'?: (string);
  /**
   * Required. Where the image comes from.
   */
  'source'?: "content";
}

/**
 * An image to recognize.
 */
export interface Image__Output {
  /**
   * The image file's bytes (at most the server's max image size, 20 MiB by default).
   */
  'content'?: (Buffer);
  /**
   * Optional. Format of the content; detected from the bytes when unspecified, and checked
   * against them when given.
   */
  'format': (_clova_ocr_document_v1_ImageFormat__Output);
  /**
   * Optional. Name that identifies the image in CLOVA's answer; "image" when empty. At most 128
   * characters, no control characters or path separators.
   */
  'name': (string);
  /**
   * Required. Where the image comes from.
   */
  'source'?: "content";
}
