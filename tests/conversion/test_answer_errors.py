"""An answer without a usable envelope fails with one ConversionError that says where."""

from __future__ import annotations

import pickle

import pytest

from clova_ocr_gateway.conversion import ConversionError, convert_answer
from clova_ocr_gateway.domains import Domain

# (body, path, words the message must contain)
BROKEN_ANSWERS = [
    pytest.param(b"", "", "not JSON", id="empty-body"),
    pytest.param(b"<html>502 Bad Gateway</html>", "", "not JSON", id="html"),
    pytest.param(b'{"images": [', "", "not JSON", id="truncated"),
    pytest.param(b"\xff\xfe{}", "", "not JSON", id="not-utf8"),
    pytest.param(b"[" * 2000 + b"]" * 2000, "", "not JSON", id="too-deep-for-orjson"),
    pytest.param(b"[]", "", "a list, not an object", id="top-level-list"),
    pytest.param(b"null", "", "null, not an object", id="top-level-null"),
    pytest.param(b'"V2"', "", "a string, not an object", id="top-level-string"),
    pytest.param(b'{"version": "V2"}', "images", "no images", id="images-missing"),
    pytest.param(b'{"images": null}', "images", "no images", id="images-null"),
    pytest.param(b'{"images": {}}', "images", "an object, not a list", id="images-object"),
    pytest.param(b'{"images": "x"}', "images", "a string, not a list", id="images-string"),
    pytest.param(b'{"images": []}', "images", "empty", id="images-empty"),
    pytest.param(b'{"images": [null]}', "images[0]", "null, not an object", id="image-null"),
    pytest.param(b'{"images": [[{}]]}', "images[0]", "a list, not an object", id="image-list"),
    pytest.param(b'{"images": [7]}', "images[0]", "a number, not an object", id="image-number"),
]


@pytest.mark.parametrize(("body", "path", "words"), BROKEN_ANSWERS)
def test_broken_envelope_raises_conversion_error_with_path(
    body: bytes, path: str, words: str
) -> None:
    with pytest.raises(ConversionError) as caught:
        convert_answer(Domain.RECEIPT, body)
    assert caught.value.path == path
    assert words in str(caught.value)


def test_conversion_error_is_a_value_error_naming_its_path() -> None:
    error = ConversionError("images is empty", path="images")
    assert isinstance(error, ValueError)
    assert str(error) == "images is empty (at images)"
    assert str(ConversionError("not JSON", path="")) == "not JSON"


def test_conversion_error_survives_pickling() -> None:
    error = pickle.loads(pickle.dumps(ConversionError("images is empty", path="images")))
    assert (error.reason, error.path, str(error)) == (
        "images is empty",
        "images",
        "images is empty (at images)",
    )


def test_images_key_padded_with_spaces_is_still_found() -> None:
    answer = convert_answer(Domain.RECEIPT, b'{" images ": [{"uid": "u"}]}')
    assert answer.image.uid == "u"


def test_only_the_first_image_is_read() -> None:
    answer = convert_answer(Domain.RECEIPT, b'{"images": [{"uid": "a"}, {"uid": "b"}, 3]}')
    assert answer.image.uid == "a"


def test_minimal_answer_converts_to_empty_messages() -> None:
    answer = convert_answer(Domain.RECEIPT, b'{"images": [{}]}')
    assert answer.result is None
    assert answer.header.ByteSize() == 0
    assert answer.image.ByteSize() == 0
    assert answer.raw == {"images": [{}]}
