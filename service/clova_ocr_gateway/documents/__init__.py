"""Documents: multi-page PDFs and TIFFs (and single images) read page by page, each page its own
CLOVA call through the recognizer's road.

`splitting.open_document` opens a file and cuts it into single-page files without rasterizing
(`pdf.py` with pikepdf, `tiff.py` by rewriting IFDs); `reading.DocumentReader` runs one document's
pages through admission with a bounded window and yields each page's outcome as it finishes;
`batch.BatchRunner` does the same for a stream of documents (BatchRecognize).
"""
