// Original file: ../proto/clova/ocr/document/v1/image.proto

/**
 * CLOVA's verdict on one image.
 */
export const InferResult = {
  /**
   * CLOVA sent no or an unknown value; the raw answer keeps it.
   */
  INFER_RESULT_UNSPECIFIED: 'INFER_RESULT_UNSPECIFIED',
  /**
   * The image was recognized.
   */
  INFER_RESULT_SUCCESS: 'INFER_RESULT_SUCCESS',
  /**
   * Recognition failed (e.g. the image is not a document of the domain).
   */
  INFER_RESULT_FAILURE: 'INFER_RESULT_FAILURE',
  /**
   * Recognition raised an exception inside CLOVA.
   */
  INFER_RESULT_ERROR: 'INFER_RESULT_ERROR',
} as const;

/**
 * CLOVA's verdict on one image.
 */
export type InferResult =
  /**
   * CLOVA sent no or an unknown value; the raw answer keeps it.
   */
  | 'INFER_RESULT_UNSPECIFIED'
  | 0
  /**
   * The image was recognized.
   */
  | 'INFER_RESULT_SUCCESS'
  | 1
  /**
   * Recognition failed (e.g. the image is not a document of the domain).
   */
  | 'INFER_RESULT_FAILURE'
  | 2
  /**
   * Recognition raised an exception inside CLOVA.
   */
  | 'INFER_RESULT_ERROR'
  | 3

/**
 * CLOVA's verdict on one image.
 */
export type InferResult__Output = typeof InferResult[keyof typeof InferResult]
