"""`recognize DOMAIN PATH...` with folders, several files and multi-page documents: JSONL per
page, a progress bar only on a terminal, a summary, and the exit code of a failed page."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from document_samples import marker_pdf
from imaging_samples import tiny_png
from photo_samples import document_photo, encode
from tests_support import ServerProcess

from .conftest import cli_env, run_cli, target, text

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Five images (two in a subfolder), a three-page PDF, and a file that is not an image."""
    root = tmp_path / "scans"
    (root / "more").mkdir(parents=True)
    for index in range(5):
        where = root / "more" if index % 2 else root
        (where / f"photo-{index}.png").write_bytes(tiny_png())
    (root / "bill.pdf").write_bytes(marker_pdf(3))
    (root / "notes.txt").write_text("not an image")
    return root


def jsonl(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def test_folder_of_five_images_and_a_three_page_pdf_gives_eight_jsonl_lines(
    emulator_gateway: ServerProcess,
    folder: Path,
) -> None:
    completed = run_cli(
        "recognize", "receipt", str(folder), "--jsonl", "--target", target(emulator_gateway)
    )
    out, err = text(completed)
    assert completed.returncode == 0, err
    lines = jsonl(out)
    assert len(lines) == 8
    pages = sorted((str(line["path"]), line["page"]) for line in lines)
    pdf = str(folder / "bill.pdf")
    assert [p for p in pages if p[0] == pdf] == [(pdf, 1), (pdf, 2), (pdf, 3)]
    assert {p[0] for p in pages} - {pdf} == {str(path) for path in folder.rglob("*.png")}
    for line in lines:
        assert line["status"] == {"code": "OK"}
        assert isinstance(line["result"], dict) and "receipt" in line["result"]
    assert "6 files, 8 pages: 8 ok, 0 failed" in err
    assert "%|" not in err  # stderr is a pipe here: no progress bar


def test_folder_picks_up_webp_bmp_gif_heic_heif_photos_and_each_is_read(
    emulator_gateway: ServerProcess,
    tmp_path: Path,
) -> None:
    photo = document_photo(120, 160)
    files = {
        "a.webp": encode(photo, "WEBP", quality=80),
        "b.BMP": encode(photo, "BMP"),  # extensions match in any case
        "c.gif": encode(photo.convert("L").convert("P"), "GIF"),
        "d.heic": encode(photo, "HEIF", quality=80),
        "e.heif": encode(photo, "HEIF", quality=80),
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    (tmp_path / "f.svg").write_text("<svg/>")  # not a format the gateway reads: not picked up
    completed = run_cli(
        "recognize", "receipt", str(tmp_path), "--jsonl", "--target", target(emulator_gateway)
    )
    out, err = text(completed)
    assert completed.returncode == 0, err
    lines = jsonl(out)
    # Every line OK: the emulator, like CLOVA, refuses these formats unless converted.
    assert sorted((Path(str(line["path"])).name, line["status"]) for line in lines) == [
        (name, {"code": "OK"}) for name in sorted(files)
    ]


def test_one_failed_page_makes_the_exit_code_one_and_is_reported_in_its_line(
    emulator_gateway: ServerProcess,
    tmp_path: Path,
) -> None:
    document = tmp_path / "bill.pdf"
    document.write_bytes(marker_pdf(3, extra={2: b"emulator-fault=infer=FAILURE"}))
    completed = run_cli(
        "recognize", "receipt", str(document), "--jsonl", "--target", target(emulator_gateway)
    )
    out, err = text(completed)
    assert completed.returncode == 1, err
    by_page = {line["page"]: line for line in jsonl(out)}
    assert sorted(by_page) == [1, 2, 3]
    assert by_page[2]["status"] == {
        "code": "INVALID_ARGUMENT",
        "message": by_page[2]["status"]["message"],  # type: ignore[index]
        "reason": "DOCUMENT_NOT_RECOGNIZED",
    }
    assert by_page[2]["result"] is None
    assert by_page[1]["status"] == {"code": "OK"}
    assert "1 file, 3 pages: 2 ok, 1 failed" in err


def test_readable_output_names_each_file_and_page(
    emulator_gateway: ServerProcess,
    folder: Path,
) -> None:
    completed = run_cli(
        "recognize",
        "receipt",
        str(folder / "bill.pdf"),
        str(folder / "photo-0.png"),
        "--concurrency",
        "1",
        "--target",
        target(emulator_gateway),
    )
    out, err = text(completed)
    assert completed.returncode == 0, err
    for page in (1, 2, 3):
        assert f"== {folder / 'bill.pdf'} (page {page}/3)" in out
    assert f"== {folder / 'photo-0.png'} (page 1/1)" in out
    assert out.count("storeInfo.name: emart everyday") == 4


def test_missing_path_is_refused_before_anything_is_sent(
    emulator_gateway: ServerProcess,
    tmp_path: Path,
) -> None:
    completed = run_cli(
        "recognize", "receipt", str(tmp_path / "nope.pdf"), "--target", target(emulator_gateway)
    )
    assert completed.returncode == 2
    assert "nope.pdf: no such file or folder" in text(completed)[1]


def _run_on_a_terminal(args: list[str], seconds: float = 60) -> tuple[int, str, str]:
    """Run the CLI with stderr on a pseudo-terminal (stdout piped); return its exit code, stdout
    and what the terminal showed."""
    main, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "clova_ocr_gateway.cli", *args],
        stdout=subprocess.PIPE,
        stderr=secondary,
        env=cli_env(COLUMNS="100"),
    )
    os.close(secondary)
    shown = bytearray()
    deadline = time.monotonic() + seconds
    # Bounded by the deadline; ends when the process closed the terminal (EOF or EIO).
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        elif process.poll() is not None:
            break
    os.close(main)
    out = process.communicate(timeout=30)[0]
    return process.returncode, out.decode(), shown.decode(errors="replace")


def test_progress_bar_is_drawn_on_a_terminal_and_not_when_piped(
    emulator_gateway: ServerProcess,
    folder: Path,
) -> None:
    args = ["recognize", "receipt", str(folder), "--jsonl", "--target", target(emulator_gateway)]
    code, out, terminal = _run_on_a_terminal(args)
    assert code == 0, terminal
    assert len(out.splitlines()) == 8
    assert "8/8" in terminal and "%|" in terminal and "page" in terminal
    assert "6 files, 8 pages: 8 ok, 0 failed" in terminal

    piped = run_cli(*args)
    assert piped.returncode == 0
    assert "%|" not in text(piped)[1] and "8/8" not in text(piped)[1]
