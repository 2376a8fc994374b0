// Original file: ../proto/clova/ocr/document/v1/receipt.proto

import type { Item as _clova_ocr_document_v1_Item, Item__Output as _clova_ocr_document_v1_Item__Output } from '../../../../clova/ocr/document/v1/Item';

/**
 * A group of items.
 */
export interface SubResult {
  /**
   * Optional. Items of the group.
   */
  'items'?: (_clova_ocr_document_v1_Item)[];
}

/**
 * A group of items.
 */
export interface SubResult__Output {
  /**
   * Optional. Items of the group.
   */
  'items': (_clova_ocr_document_v1_Item__Output)[];
}
