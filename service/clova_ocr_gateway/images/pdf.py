"""PDF structure on bytes, without decompressing anything: the header, the cross-reference
section the file ends with, and the page count from a bounded walk of the page tree.

Every regular expression bounds its repetitions, every scan is linear in the file, and every
walk has a cap, so a hostile 20 MB file costs milliseconds, never a quadratic scan or a loop.
Reusable by whoever needs pages: `pdf_page_count`, `pdf_check_structure`.
"""

from __future__ import annotations

import re
from typing import Final

from clova_ocr_gateway.images.header import MalformedImageError

__all__ = ["PDF_HEADER_WINDOW", "PDF_MAGIC", "pdf_check_structure", "pdf_page_count"]

PDF_MAGIC: Final = b"%PDF-"
# Acrobat (and most readers) accept the PDF header anywhere in the first 1024 bytes.
PDF_HEADER_WINDOW: Final = 1024
# The spec puts %%EOF within the last 1024 bytes; writers that append a little junk after it
# are tolerated up to this window.
_TAIL_WINDOW: Final = 4096

_WS: Final = rb"\s{1,32}"
_REF: Final = rb"(\d{1,10})" + _WS + rb"(\d{1,5})" + _WS + rb"R"
_REF_RE: Final = re.compile(_REF)
_ROOT_RE: Final = re.compile(rb"/Root\s{0,32}" + _REF)
_PAGES_REF_RE: Final = re.compile(rb"/Pages\s{0,32}" + _REF)
_COUNT_RE: Final = re.compile(rb"/Count\s{0,32}(\d{1,10})(?!\d)")
_KIDS_RE: Final = re.compile(rb"/Kids\s{0,32}\[([^\]]{0,65536})\]")
_STARTXREF_RE: Final = re.compile(rb"startxref\s{1,32}(\d{1,12})")
_XREF_AT_RE: Final = re.compile(rb"\s{0,32}(?:xref|\d{1,10}" + _WS + rb"\d{1,5}" + _WS + rb"obj)")
# "/Type /Page" but not "/Type /Pages": a PDF name ends at whitespace or a delimiter.
_PAGE_TYPE_RE: Final = re.compile(rb"/Type\s{0,32}/Page(?=[\s()<>\[\]{}/%]|\Z)")
_PAGES_TYPE_RE: Final = re.compile(rb"/Type\s{0,32}/Pages(?=[\s()<>\[\]{}/%]|\Z)")
_OBJ_NUMBER_BEFORE_RE: Final = re.compile(
    rb"(?<!\d)(\d{1,10})" + _WS + rb"(\d{1,5})" + _WS + rb"\Z"
)
# Caps on how much evidence is looked at. Real files stay far below them; beyond them the file is
# adversarial and the count gives up (unknown) or reports a lower bound instead of spending CPU.
_OBJ_HEADER_RE: Final = re.compile(rb"\s{0,32}(\d{1,10})" + _WS + rb"\d{1,5}" + _WS + rb"obj")
_MAX_ROOT_CANDIDATES: Final = 16
# "obj" keywords looked at when there is no classic cross-reference table (xref streams, broken
# tables). Files with that many plain-text objects are rare; a crafted one of 4-byte "obj " has
# five million. Past the cap the index is partial, the walk finds less and the count falls back.
_MAX_OBJ_KEYWORDS: Final = 50_000
_MAX_PAGE_TYPE_HITS_FACTOR: Final = 2
_MAX_DICT_SCAN: Final = 64 * 1024  # an object dictionary is small; never scan further for endobj


def header_offset(data: bytes) -> int:
    """Where "%PDF-" starts (within the first 1024 bytes), or -1."""
    return data.find(PDF_MAGIC, 0, PDF_HEADER_WINDOW + len(PDF_MAGIC) - 1)


def pdf_check_structure(data: bytes) -> None:
    """The file ends with `startxref` and an offset that points at a cross-reference table or
    stream (offsets count from the header, which may follow some junk); a file that was cut
    off loses this tail. A wrong offset is tolerated when a `trailer` or `/XRef` exists, as
    readers rebuild the table then. Raises MalformedImageError otherwise."""
    start = header_offset(data)
    if start < 0:
        raise MalformedImageError("the file has no %PDF- header in its first 1024 bytes")
    size = len(data)
    tail_from = max(start, size - _TAIL_WINDOW)
    at = data.rfind(b"startxref", tail_from)
    match = _STARTXREF_RE.match(data, at) if at >= 0 else None
    if match is None:
        raise MalformedImageError(
            "the file is truncated: it does not end with a startxref section (no cross-reference "
            "table or stream is reachable)"
        )
    offset = int(match.group(1))
    for candidate in (offset, offset + start):
        if candidate < size and _XREF_AT_RE.match(data, candidate) is not None:
            return
    if offset >= size:
        raise MalformedImageError(
            f"startxref points to byte {offset}, past the end of the file ({size} bytes)"
        )
    if data.rfind(b"trailer", start) < 0 and data.rfind(b"/XRef", start) < 0:
        raise MalformedImageError(
            f"startxref points to byte {offset}, which is not a cross-reference table or stream, "
            "and the file has no trailer"
        )


def pdf_page_count(data: bytes, limit: int) -> int | None:
    """Pages of the PDF, capped at `limit`; None when they cannot be read in plain text (e.g.
    the page tree sits in compressed object streams): unknown is not a reason to reject.

    Walks the page tree from the newest trailer's /Root; a tree that loops raises
    MalformedImageError. Without a readable tree, counts the /Type /Page objects instead.
    """
    root = _last_root(data)
    if root is not None:
        index = _ObjectIndex(data, _xref_sections(data))
        walked = _walk_page_tree(data, index, int(root.group(1)), limit)
        if walked is not None:
            return walked
    objects = _count_page_objects(data, limit)
    return objects if objects > 0 else None


def _last_root(data: bytes) -> re.Match[bytes] | None:
    """The trailer's `/Root n g R` nearest the end: the newest after incremental updates."""
    end = len(data)
    for _ in range(_MAX_ROOT_CANDIDATES):
        at = data.rfind(b"/Root", 0, end)
        if at < 0:
            return None
        match = _ROOT_RE.match(data, at)
        if match is not None:
            return match
        end = at
    return None


_XREF_SUBSECTION_RE: Final = re.compile(rb"\s{0,32}(\d{1,10}) (\d{1,10})\s{0,32}")
_XREF_ROW_RE: Final = re.compile(rb"(\d{10}) (\d{5}) ([nf])[ \r\n]{2}")
_PREV_RE: Final = re.compile(rb"/Prev\s{0,32}(\d{1,12})")
_MAX_XREF_SECTIONS: Final = 64  # incremental updates chained by /Prev
_MAX_SUBSECTIONS: Final = 4_096


def _xref_sections(data: bytes) -> list[list[tuple[int, int, int]]] | None:
    """Classic cross-reference tables from the last startxref along /Prev, newest first, as
    (first object, count, row 0 position) subsections; None when the file uses a
    cross-reference stream or the table is not where it should be (the caller then scans)."""
    at = data.rfind(b"startxref", max(0, len(data) - _TAIL_WINDOW))
    match = _STARTXREF_RE.match(data, at) if at >= 0 else None
    if match is None:
        return None
    start = max(header_offset(data), 0)
    offset = int(match.group(1)) + start
    sections: list[list[tuple[int, int, int]]] = []
    seen: set[int] = set()
    while len(sections) < _MAX_XREF_SECTIONS and offset not in seen:
        seen.add(offset)
        if not data.startswith(b"xref", offset):
            return None
        at = offset + 4
        subsections: list[tuple[int, int, int]] = []
        for _ in range(_MAX_SUBSECTIONS):
            head = _XREF_SUBSECTION_RE.match(data, at)
            if head is None:
                break
            first, count = int(head.group(1)), int(head.group(2))
            subsections.append((first, count, head.end()))
            at = head.end() + 20 * count
        sections.append(subsections)
        trailer = data.find(b"trailer", at, at + 64)
        prev = _PREV_RE.search(data, trailer, trailer + 4096) if trailer >= 0 else None
        if prev is None:
            break
        offset = int(prev.group(1)) + start
    return sections


class _ObjectIndex:
    """Object number -> where its newest plain-text definition's body starts: from the classic
    cross-reference table when there is one (no scan), else from one linear pass over the "obj"
    keywords (a C-level search), built on first use."""

    def __init__(self, data: bytes, sections: list[list[tuple[int, int, int]]] | None) -> None:
        self._data = data
        self._sections = sections
        self._bodies: dict[int, int] | None = None

    def body(self, number: int) -> bytes | None:
        at = self._from_table(number)
        if at is None:
            if self._bodies is None:
                self._bodies = self._build()
            at = self._bodies.get(number)
        if at is None:
            return None
        end = self._data.find(b"endobj", at, at + _MAX_DICT_SCAN)
        return self._data[at : end if end >= 0 else at + _MAX_DICT_SCAN]

    def _from_table(self, number: int) -> int | None:
        """The body position the table gives, checked against the object header found there."""
        for subsections in self._sections or ():
            for first, count, rows in subsections:
                if first <= number < first + count:
                    row = _XREF_ROW_RE.match(self._data, rows + 20 * (number - first))
                    if row is None or row.group(3) != b"n":
                        return None
                    start = max(header_offset(self._data), 0)
                    for at in (int(row.group(1)), int(row.group(1)) + start):
                        header = _OBJ_HEADER_RE.match(self._data, at)
                        if header is not None and int(header.group(1)) == number:
                            return header.end()
                    return None
        return None

    def _build(self) -> dict[int, int]:
        # A literal search for "obj" runs at memory speed; a regular expression that starts with
        # a character class (a digit) would cost ~70 ns per byte in Python's engine.
        data = self._data
        bodies: dict[int, int] = {}
        at = data.find(b"obj")
        for _ in range(_MAX_OBJ_KEYWORDS):
            if at < 0:
                break
            number = _number_before(data, at)
            if number is not None:
                bodies[number] = at + 3  # later definitions win
            at = data.find(b"obj", at + 3)
        return bodies


def _number_before(data: bytes, at: int) -> int | None:
    """N of "N G obj" ending at `at`, with C-level string operations only (no regex scan)."""
    window = data[max(0, at - 32) : at]
    if not window[-1:].isspace():
        return None  # "endobj", "/Xobj", ...: the keyword needs whitespace before it
    tokens = window.split()
    if len(tokens) < 2:
        return None
    generation, number = tokens[-1], tokens[-2]
    if not generation.isdigit() or len(generation) > 5:
        return None
    digits = number[len(number.rstrip(b"0123456789")) :]
    if not digits or len(digits) > 10:
        return None
    return int(digits)


def _walk_page_tree(data: bytes, index: _ObjectIndex, root_number: int, limit: int) -> int | None:
    """Leaves under the catalog's /Pages, or None when a node is not readable in plain text."""
    catalog = index.body(root_number)
    if catalog is None:
        return None
    pages_ref = _PAGES_REF_RE.search(catalog)
    if pages_ref is None:
        return None
    start = int(pages_ref.group(1))
    seen: set[int] = set()
    stack = [start]
    leaves = 0
    # Each node is visited once (loops raise), so the walk is bounded by the nodes it may visit.
    for _ in range(4 * limit + 16):
        if not stack:
            return leaves
        number = stack.pop()
        if number in seen:
            raise MalformedImageError(f"the page tree loops back to object {number}")
        seen.add(number)
        body = index.body(number)
        if body is None:
            return _root_count(index, start, limit)
        kids = _KIDS_RE.search(body)
        if _PAGES_TYPE_RE.search(body) is None and (kids is None or _PAGE_TYPE_RE.search(body)):
            leaves += 1  # a page: typed /Page, or an untyped node without /Kids
            if leaves >= limit:
                return limit
            continue
        refs = [int(ref.group(1)) for ref in _REF_RE.finditer(kids.group(1))] if kids else []
        stack.extend(reversed(refs))
        if len(stack) > 4 * limit:
            return limit  # a node claims more kids than any countable document has pages
    return limit


def _root_count(index: _ObjectIndex, number: int, limit: int) -> int | None:
    """/Count of the page tree root: the fallback when its leaves are not all readable."""
    body = index.body(number)
    count = _COUNT_RE.search(body) if body is not None else None
    return min(int(count.group(1)), limit) if count is not None else None


def _count_page_objects(data: bytes, limit: int) -> int:
    """Distinct objects typed /Page; an object rewritten by an incremental update counts once."""
    numbered: set[int] = set()
    anonymous = 0  # /Type /Page outside any recognizable "n g obj": counted, cannot be deduped
    current: int | None = None
    segment_start = 0
    for hits, match in enumerate(_PAGE_TYPE_RE.finditer(data), start=1):
        # Only look back to the previous hit, so the total scan stays linear in the file size.
        obj_at = data.rfind(b"obj", segment_start, match.start())
        if obj_at >= 0:
            current = None
            if data[obj_at - 3 : obj_at] != b"end":
                header = _OBJ_NUMBER_BEFORE_RE.search(data, max(segment_start, obj_at - 48), obj_at)
                if header is not None:
                    current = int(header.group(1))
        segment_start = match.end()
        if current is None:
            anonymous += 1
        else:
            numbered.add(current)
        if len(numbered) + anonymous >= limit:
            return limit
        if hits >= _MAX_PAGE_TYPE_HITS_FACTOR * limit:
            break  # the count so far is a lower bound; enough to decide on "more than one page"
    return len(numbered) + anonymous
