// Original file: ../proto/clova/ocr/document/v1/image.proto

/**
 * Image formats the CLOVA Document API accepts. PDF and TIFF must have a single page.
 */
export const ImageFormat = {
  /**
   * Not given: the gateway detects the format from the content's magic bytes.
   */
  IMAGE_FORMAT_UNSPECIFIED: 'IMAGE_FORMAT_UNSPECIFIED',
  /**
   * JPEG, sent to CLOVA as "jpg".
   */
  IMAGE_FORMAT_JPG: 'IMAGE_FORMAT_JPG',
  /**
   * JPEG, sent to CLOVA as "jpeg".
   */
  IMAGE_FORMAT_JPEG: 'IMAGE_FORMAT_JPEG',
  /**
   * PNG.
   */
  IMAGE_FORMAT_PNG: 'IMAGE_FORMAT_PNG',
  /**
   * Single-page PDF.
   */
  IMAGE_FORMAT_PDF: 'IMAGE_FORMAT_PDF',
  /**
   * Single-page TIFF, sent to CLOVA as "tiff" (the spelling CLOVA documents).
   */
  IMAGE_FORMAT_TIF: 'IMAGE_FORMAT_TIF',
  /**
   * Single-page TIFF, sent to CLOVA as "tiff".
   */
  IMAGE_FORMAT_TIFF: 'IMAGE_FORMAT_TIFF',
} as const;

/**
 * Image formats the CLOVA Document API accepts. PDF and TIFF must have a single page.
 */
export type ImageFormat =
  /**
   * Not given: the gateway detects the format from the content's magic bytes.
   */
  | 'IMAGE_FORMAT_UNSPECIFIED'
  | 0
  /**
   * JPEG, sent to CLOVA as "jpg".
   */
  | 'IMAGE_FORMAT_JPG'
  | 1
  /**
   * JPEG, sent to CLOVA as "jpeg".
   */
  | 'IMAGE_FORMAT_JPEG'
  | 2
  /**
   * PNG.
   */
  | 'IMAGE_FORMAT_PNG'
  | 3
  /**
   * Single-page PDF.
   */
  | 'IMAGE_FORMAT_PDF'
  | 4
  /**
   * Single-page TIFF, sent to CLOVA as "tiff" (the spelling CLOVA documents).
   */
  | 'IMAGE_FORMAT_TIF'
  | 5
  /**
   * Single-page TIFF, sent to CLOVA as "tiff".
   */
  | 'IMAGE_FORMAT_TIFF'
  | 6

/**
 * Image formats the CLOVA Document API accepts. PDF and TIFF must have a single page.
 */
export type ImageFormat__Output = typeof ImageFormat[keyof typeof ImageFormat]
