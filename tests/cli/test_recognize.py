"""`recognize` as a user meets it, against a real `serve --emulator` process."""

from __future__ import annotations

import fcntl
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from tests_support import ServerProcess

from clova_ocr_gateway.domains import Domain
from tests.imaging_samples import padded_png, tiny_png

from .conftest import cli_env, run_cli, target, text

LIMIT_WORDS = "over the limit of 20971520 bytes (20.0 MiB); compress or downscale the image"


@pytest.fixture(scope="module")
def png(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("images") / "scan.png"
    path.write_bytes(tiny_png())
    return path


def test_readable_output_has_one_field_per_line_with_the_same_prefix_style(
    emulator_gateway: ServerProcess, png: Path
) -> None:
    # Every domain's rendering is checked in-process (test_output.py); here the whole command.
    for domain in (Domain.RECEIPT, Domain.PASSPORT, Domain.MEDICAL_RECEIPT):
        completed = run_cli(
            "recognize", domain.value, str(png), "--target", target(emulator_gateway)
        )
        out, err = text(completed)
        assert completed.returncode == 0, err
        lines = out.splitlines()
        assert lines[0] == f"domain: {domain.value} (/document/{domain.value})"
        assert lines[2] == "infer_result: SUCCESS"
        fields = lines[3:]
        assert fields, out
        for line in fields:
            path, sep, _ = line.partition(": ")
            assert sep, line
            # The field's own name first: never CLOVA's wrapper object, never geometry.
            assert not path.startswith(("result.", "passportResult")), line
            assert "boundingPoly" not in path and "vertices" not in path, line
        if domain is Domain.PASSPORT:
            (mrz,) = [line for line in fields if line.startswith("mrzLines.rawText: ")]
            assert "<<\\nM123" in mrz  # CLOVA's two MRZ lines, on one output line
        if domain is Domain.MEDICAL_RECEIPT:
            # The example's all-zero checksum blocks are left out, the found ones kept.
            assert not any(line.startswith("checksum.sumPaidByPatient.") for line in fields)
            assert "checksum.totalPaid.found: true" in fields


def test_oversize_file_is_refused_locally_with_the_gateways_words(
    emulator_gateway: ServerProcess, tmp_path: Path
) -> None:
    big = tmp_path / "big.png"
    with big.open("wb") as stream:
        stream.write(tiny_png())
        stream.truncate(20 * 1024 * 1024 + 1)
    completed = run_cli("recognize", "receipt", str(big), "--target", target(emulator_gateway))
    _, err = text(completed)
    assert completed.returncode == 2  # refused before any call (failed calls exit 1)
    assert f"{big}: image content is 20971521 bytes (20.0 MiB), {LIMIT_WORDS}" in err
    assert "Received message larger than max" not in err


def test_a_limit_raised_above_the_gateways_gets_a_hint_not_just_grpcs_words(
    emulator_gateway: ServerProcess, tmp_path: Path
) -> None:
    big = tmp_path / "big.png"
    with big.open("wb") as stream:
        stream.write(tiny_png())
        # Above the gateway's message limit: 50 MiB (OCR_MAX_DOCUMENT_BYTES) + 1 MiB, once the
        # request's other fields are added.
        stream.truncate(51 * 1024 * 1024)
    completed = run_cli(
        "recognize",
        "receipt",
        str(big),
        "--max-image-bytes",
        str(60 * 1024 * 1024),
        "--target",
        target(emulator_gateway),
    )
    _, err = text(completed)
    assert completed.returncode == 1
    assert "error: RESOURCE_EXHAUSTED: " in err
    assert "  hint: the gateway receives messages up to its OCR_MAX_RECEIVE_MESSAGE_BYTES" in err
    assert "OCR_MAX_DOCUMENT_BYTES plus 1 MiB" in " ".join(err.split())


def test_images_above_grpcs_default_message_size_are_sent(
    emulator_gateway: ServerProcess, tmp_path: Path
) -> None:
    image = tmp_path / "five-mib.png"
    image.write_bytes(padded_png(5 * 1024 * 1024))  # gRPC's default send limit is 4 MiB
    completed = run_cli("recognize", "receipt", str(image), "--target", target(emulator_gateway))
    assert completed.returncode == 0, text(completed)[1]


def test_dash_reads_the_image_from_standard_input_and_an_empty_folder_is_explained(
    emulator_gateway: ServerProcess, tmp_path: Path
) -> None:
    piped = run_cli(
        "recognize",
        "credit-card",
        "-",
        "--json",
        "--target",
        target(emulator_gateway),
        stdin=tiny_png(),
    )
    out, err = text(piped)
    assert piped.returncode == 0, err
    assert '"creditCard"' in out and '"inferResult": "INFER_RESULT_SUCCESS"' in out

    too_big = run_cli(
        "recognize",
        "receipt",
        "-",
        "--max-image-bytes",
        "1000",
        "--target",
        target(emulator_gateway),
        stdin=padded_png(5000),
    )
    assert too_big.returncode == 2
    assert (
        "standard input: image content is 5000 bytes (4.9 KiB), over the limit of 1000"
        in (text(too_big)[1])
    )

    folder = run_cli("recognize", "receipt", str(tmp_path), "--target", target(emulator_gateway))
    assert folder.returncode == 2
    assert f"no image, PDF or TIFF file found in {tmp_path}" in text(folder)[1]


def test_output_into_a_closed_pipe_exits_quietly(
    emulator_gateway: ServerProcess, png: Path
) -> None:
    """`recognize ... | head -1`: the reader leaves after one line, the rest cannot be written."""
    read_end, write_end = os.pipe()
    # A one-page pipe, so the JSON (tens of KiB) cannot all fit before the reader leaves.
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "clova_ocr_gateway.cli",
            "recognize",
            "receipt",
            str(png),
            "--json",
            "--target",
            target(emulator_gateway),
        ],
        stdout=write_end,
        stderr=subprocess.PIPE,
        env=cli_env(),
    )
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        assert reader.readline() == b"{\n"
    _, err = process.communicate(timeout=60)
    assert err.decode() == ""  # no BrokenPipeError traceback, no "Exception ignored"
    assert process.returncode == 141  # as a process ended by SIGPIPE, like `yes | head -1`


def test_connection_refused_names_the_target_and_how_to_start_a_gateway(png: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = f"127.0.0.1:{probe.getsockname()[1]}"
    completed = run_cli("recognize", "receipt", str(png), "--target", free, "--timeout", "5")
    _, err = text(completed)
    assert completed.returncode == 1
    assert f"no gateway reachable at --target {free} (connection refused)" in err
    assert "./scripts/serve" in err and "clova-ocr-gateway serve --emulator" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (
            "code=0025",
            [
                "error: RESOURCE_EXHAUSTED: ",
                "  reason: UPSTREAM_RATE_LIMITED (clova-ocr-gateway)",
                "  metadata.clova_code: 0025",
                "  metadata.domain: receipt",
                "  retry_after: 1s",
                "  quota_violation: receipt: ",
                "  clova_error: 0025 ",
                "  clova_error.path: /document/receipt",
            ],
        ),
        (
            "code=0023",
            [
                "  reason: UPSTREAM_QUOTA_EXHAUSTED (clova-ocr-gateway)",
                "  quota_violation: receipt: ",
                "  clova_error: 0023 ",
            ],
        ),
        (
            "infer=FAILURE",
            [
                "error: INVALID_ARGUMENT: ",
                "  reason: DOCUMENT_NOT_RECOGNIZED (clova-ocr-gateway)",
                "  image.infer_result: FAILURE",
            ],
        ),
    ],
    ids=["rate-limited", "quota", "not-recognized"],
)
def test_errors_print_every_actionable_detail(
    emulator_gateway: ServerProcess, png: Path, fault: str, expected: list[str]
) -> None:
    completed = run_cli(
        "recognize",
        "receipt",
        str(png),
        "--target",
        target(emulator_gateway),
        "--client-id",
        "cli-test",
        "--metadata",
        f"x-emulator-fault={fault}",
    )
    _, err = text(completed)
    assert completed.returncode == 1
    lines = err.splitlines()
    for start in expected:
        assert any(line.startswith(start) for line in lines), (start, err)
    if fault != "code=0025":
        assert not any(line.startswith("  retry_after") for line in lines)


def test_bad_input_lists_each_field_violation(
    emulator_gateway: ServerProcess, tmp_path: Path
) -> None:
    not_an_image = tmp_path / "notes.txt"
    not_an_image.write_bytes(b"hello")
    completed = run_cli(
        "recognize", "receipt", str(not_an_image), "--target", target(emulator_gateway)
    )
    _, err = text(completed)
    assert completed.returncode == 1
    assert "  reason: INVALID_IMAGE (clova-ocr-gateway)" in err
    assert "  field_violation: image.content: image content is not a JPEG, PNG" in err


def test_raw_prints_clovas_answer_as_sent(emulator_gateway: ServerProcess, png: Path) -> None:
    completed = run_cli(
        "recognize", "receipt", str(png), "--raw", "--target", target(emulator_gateway)
    )
    out, err = text(completed)
    assert completed.returncode == 0, err
    assert out.startswith('{"version":"V2"') and '"inferResult":"SUCCESS"' in out


def test_client_id_and_metadata_reach_the_gateway(
    emulator_gateway: ServerProcess, png: Path
) -> None:
    completed = run_cli(
        "recognize",
        "receipt",
        str(png),
        "--target",
        target(emulator_gateway),
        "--client-id",
        "cli-caller-7",
        "--metadata",
        "x-emulator-fault=code=0025",
    )
    assert completed.returncode == 1
    # The gateway's access log line names the caller; the fault came from --metadata.
    finished = [line for line in emulator_gateway.lines if '"rpc_finished"' in line]
    assert any('"cli-caller-7"' in line and '"0025"' in line for line in finished)


def test_phone_formats_the_gateway_converts_are_read_like_any_image(
    emulator_gateway: ServerProcess, tmp_path: Path
) -> None:
    from photo_samples import document_photo, encode

    photo = document_photo(120, 160)
    for name, fmt in (("IMG_0001.HEIC", "HEIF"), ("photo.webp", "WEBP"), ("scan.bmp", "BMP")):
        path = tmp_path / name
        path.write_bytes(encode(photo, fmt))
        completed = run_cli("recognize", "receipt", str(path), "--target", target(emulator_gateway))
        out, err = text(completed)
        assert completed.returncode == 0, (name, err)
        assert "infer_result: SUCCESS" in out, name
