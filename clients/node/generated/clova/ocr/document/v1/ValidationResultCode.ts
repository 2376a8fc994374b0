// Original file: ../proto/clova/ocr/document/v1/image.proto

/**
 * Outcome of CLOVA's optional validation task.
 */
export const ValidationResultCode = {
  /**
   * CLOVA sent no or an unknown value.
   */
  VALIDATION_RESULT_CODE_UNSPECIFIED: 'VALIDATION_RESULT_CODE_UNSPECIFIED',
  /**
   * The validation task did not run ("NO_REQUESTED").
   */
  VALIDATION_RESULT_CODE_NO_REQUESTED: 'VALIDATION_RESULT_CODE_NO_REQUESTED',
  /**
   * Not confirmed or not accepted ("UNCHECKED"; the reference also spells it "UNCHECHED").
   */
  VALIDATION_RESULT_CODE_UNCHECKED: 'VALIDATION_RESULT_CODE_UNCHECKED',
  /**
   * Validation failed with an error ("ERROR").
   */
  VALIDATION_RESULT_CODE_ERROR: 'VALIDATION_RESULT_CODE_ERROR',
  /**
   * The result is valid ("VALID").
   */
  VALIDATION_RESULT_CODE_VALID: 'VALIDATION_RESULT_CODE_VALID',
  /**
   * The result is invalid ("INVALID").
   */
  VALIDATION_RESULT_CODE_INVALID: 'VALIDATION_RESULT_CODE_INVALID',
} as const;

/**
 * Outcome of CLOVA's optional validation task.
 */
export type ValidationResultCode =
  /**
   * CLOVA sent no or an unknown value.
   */
  | 'VALIDATION_RESULT_CODE_UNSPECIFIED'
  | 0
  /**
   * The validation task did not run ("NO_REQUESTED").
   */
  | 'VALIDATION_RESULT_CODE_NO_REQUESTED'
  | 1
  /**
   * Not confirmed or not accepted ("UNCHECKED"; the reference also spells it "UNCHECHED").
   */
  | 'VALIDATION_RESULT_CODE_UNCHECKED'
  | 2
  /**
   * Validation failed with an error ("ERROR").
   */
  | 'VALIDATION_RESULT_CODE_ERROR'
  | 3
  /**
   * The result is valid ("VALID").
   */
  | 'VALIDATION_RESULT_CODE_VALID'
  | 4
  /**
   * The result is invalid ("INVALID").
   */
  | 'VALIDATION_RESULT_CODE_INVALID'
  | 5

/**
 * Outcome of CLOVA's optional validation task.
 */
export type ValidationResultCode__Output = typeof ValidationResultCode[keyof typeof ValidationResultCode]
