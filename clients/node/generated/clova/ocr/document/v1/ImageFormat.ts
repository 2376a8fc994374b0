// Original file: ../proto/clova/ocr/document/v1/image.proto

/**
 * Image formats the gateway accepts. JPEG, PNG, PDF and TIFF go to CLOVA as they are (PDF and
 * TIFF with a single page); WebP, BMP, GIF and HEIC/HEIF, which CLOVA does not read, are converted
 * by the gateway to PNG (lossless sources) or JPEG (photos) first, with the EXIF orientation
 * applied and the pixel size kept.
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
  /**
   * WebP (first frame if animated); converted to PNG when lossless, else to JPEG.
   */
  IMAGE_FORMAT_WEBP: 'IMAGE_FORMAT_WEBP',
  /**
   * BMP; converted to PNG.
   */
  IMAGE_FORMAT_BMP: 'IMAGE_FORMAT_BMP',
  /**
   * GIF (first frame); converted to PNG.
   */
  IMAGE_FORMAT_GIF: 'IMAGE_FORMAT_GIF',
  /**
   * HEIC (HEIF with HEVC-coded images, as phones save photos); converted to JPEG.
   */
  IMAGE_FORMAT_HEIC: 'IMAGE_FORMAT_HEIC',
  /**
   * HEIF; the same as HEIC for the gateway, converted to JPEG.
   */
  IMAGE_FORMAT_HEIF: 'IMAGE_FORMAT_HEIF',
} as const;

/**
 * Image formats the gateway accepts. JPEG, PNG, PDF and TIFF go to CLOVA as they are (PDF and
 * TIFF with a single page); WebP, BMP, GIF and HEIC/HEIF, which CLOVA does not read, are converted
 * by the gateway to PNG (lossless sources) or JPEG (photos) first, with the EXIF orientation
 * applied and the pixel size kept.
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
   * WebP (first frame if animated); converted to PNG when lossless, else to JPEG.
   */
  | 'IMAGE_FORMAT_WEBP'
  | 7
  /**
   * BMP; converted to PNG.
   */
  | 'IMAGE_FORMAT_BMP'
  | 8
  /**
   * GIF (first frame); converted to PNG.
   */
  | 'IMAGE_FORMAT_GIF'
  | 9
  /**
   * HEIC (HEIF with HEVC-coded images, as phones save photos); converted to JPEG.
   */
  | 'IMAGE_FORMAT_HEIC'
  | 10
  /**
   * HEIF; the same as HEIC for the gateway, converted to JPEG.
   */
  | 'IMAGE_FORMAT_HEIF'
  | 11

/**
 * Image formats the gateway accepts. JPEG, PNG, PDF and TIFF go to CLOVA as they are (PDF and
 * TIFF with a single page); WebP, BMP, GIF and HEIC/HEIF, which CLOVA does not read, are converted
 * by the gateway to PNG (lossless sources) or JPEG (photos) first, with the EXIF orientation
 * applied and the pixel size kept.
 */
export type ImageFormat__Output = typeof ImageFormat[keyof typeof ImageFormat]
