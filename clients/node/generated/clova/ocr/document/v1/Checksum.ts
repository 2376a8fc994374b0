// Original file: ../proto/clova/ocr/document/v1/medical_receipt.proto


/**
 * One checksum: the values found, the total found and their difference.
 */
export interface Checksum {
  /**
   * Optional. Whether any cell of this checksum was found.
   */
  'found'?: (boolean);
  /**
   * Optional. Ids of the value cells found.
   */
  'foundValueIds'?: (number)[];
  /**
   * Optional. Sum of the values found (older answers: "foundValuesSum").
   */
  'foundValueSum'?: (number | string);
  /**
   * Optional. Ids of the total cells found.
   */
  'foundTotalIds'?: (number)[];
  /**
   * Optional. Sum of the totals found.
   */
  'foundTotalSum'?: (number | string);
  /**
   * Optional. Difference between the value sum and the total.
   */
  'difference'?: (number | string);
  '_found'?: "found";
  '_foundValueSum'?: "foundValueSum";
  '_foundTotalSum'?: "foundTotalSum";
  '_difference'?: "difference";
}

/**
 * One checksum: the values found, the total found and their difference.
 */
export interface Checksum__Output {
  /**
   * Optional. Whether any cell of this checksum was found.
   */
  'found'?: (boolean);
  /**
   * Optional. Ids of the value cells found.
   */
  'foundValueIds': (number)[];
  /**
   * Optional. Sum of the values found (older answers: "foundValuesSum").
   */
  'foundValueSum'?: (number);
  /**
   * Optional. Ids of the total cells found.
   */
  'foundTotalIds': (number)[];
  /**
   * Optional. Sum of the totals found.
   */
  'foundTotalSum'?: (number);
  /**
   * Optional. Difference between the value sum and the total.
   */
  'difference'?: (number);
  '_found'?: "found";
  '_foundValueSum'?: "foundValueSum";
  '_foundTotalSum'?: "foundTotalSum";
  '_difference'?: "difference";
}
