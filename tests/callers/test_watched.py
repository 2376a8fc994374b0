"""Watched files: re-read on a Kubernetes symlink swap or an edit, never for nothing, and a
broken version keeps the last good value."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from clova_ocr_gateway.callers.watched import WatchedFileError, WatchedFiles

from .pki import SecretMount


def _number(path: Path) -> WatchedFiles[int]:
    def parse(contents: Mapping[Path, bytes]) -> int:
        try:
            return int(contents[path])
        except ValueError:
            raise WatchedFileError(f"{path}: not a number") from None

    return WatchedFiles("api_keys", [path], parse)


def test_a_symlink_swap_is_read_once_and_a_broken_version_keeps_the_last_good(
    tmp_path: Path,
) -> None:
    mount = SecretMount(tmp_path / "m")
    mount.publish({"n": b"1"})
    watched = _number(mount.path("n"))
    results: list[bool] = []
    watched.add_listener(results.append)
    assert (watched.value, watched.poll()) == (1, None)

    mount.publish({"n": b"2"})
    assert (watched.poll(), watched.value, watched.poll()) == (True, 2, None)

    mount.publish({"n": b"garbage"})
    assert (watched.poll(), watched.value) == (False, 2)
    assert watched.last_error is not None and "not a number" in watched.last_error
    assert watched.poll() is None  # a broken version is not re-read on every tick

    mount.publish({"n": b"3"})
    assert (watched.poll(), watched.value, watched.last_error) == (True, 3, None)
    assert results == [True, False, True]


def test_an_in_place_edit_and_a_missing_file_are_noticed(tmp_path: Path) -> None:
    path = tmp_path / "n"
    path.write_bytes(b"1")
    watched = _number(path)
    path.write_bytes(b"22")
    assert (watched.poll(), watched.value) == (True, 22)
    path.unlink()
    assert (watched.poll(), watched.value) == (False, 22)
    assert watched.poll() is None


def test_a_bad_file_at_start_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(WatchedFileError, match="cannot read"):
        _number(tmp_path / "absent")
    big = tmp_path / "big"
    big.write_bytes(b"1" * (1024 * 1024 + 1))
    with pytest.raises(WatchedFileError, match="larger than"):
        _number(big)
