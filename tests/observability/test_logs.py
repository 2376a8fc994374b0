"""Logging setup: JSON lines for structlog and stdlib alike, with secrets and payloads removed."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest
import structlog

from clova_ocr_gateway.config.secret_store import FileSecret
from clova_ocr_gateway.observability import logs

from .conftest import CapturedLog

CANARY = "CANARY-s3cr3t-VALUE-9f8e7d6c5b4a"


def test_structlog_and_stdlib_library_lines_are_all_json(json_log: CapturedLog) -> None:
    structlog.get_logger("clova_ocr_gateway.test").info("from_structlog", answer=42)
    logging.getLogger("grpc._cython.cygrpc").warning("from grpc %s", "logger")
    logging.getLogger("httpx").warning("from httpx")
    logging.getLogger("httpcore.connection").error("from httpcore")
    logging.getLogger("aiohttp.access").info("from aiohttp")

    lines = json_log.raw_lines()
    assert len(lines) == 5
    records = [json.loads(line) for line in lines]
    assert [r["event"] for r in records] == [
        "from_structlog",
        "from grpc logger",
        "from httpx",
        "from httpcore",
        "from aiohttp",
    ]
    assert records[0]["answer"] == 42
    assert records[1]["logger"] == "grpc._cython.cygrpc"
    assert all({"timestamp", "level", "event", "logger"} <= r.keys() for r in records)


def test_secret_keys_are_redacted_at_any_depth(json_log: CapturedLog) -> None:
    structlog.get_logger().info(
        "upstream_call",
        x_ocr_secret=CANARY,
        headers={"X-OCR-SECRET": CANARY, "Authorization": f"Bearer {CANARY}", "Accept": "json"},
        nested=[{"client_secret": CANARY}, {"Api-Key": CANARY}],
        password=CANARY,
        access_token=CANARY,
    )

    (line,) = json_log.records()
    assert CANARY not in json_log.stream.getvalue()
    assert line["x_ocr_secret"] == logs.REDACTED
    assert line["headers"] == {
        "X-OCR-SECRET": logs.REDACTED,
        "Authorization": logs.REDACTED,
        "Accept": "json",
    }
    assert line["nested"] == [{"client_secret": logs.REDACTED}, {"Api-Key": logs.REDACTED}]
    assert line["password"] == logs.REDACTED
    assert line["access_token"] == logs.REDACTED


@pytest.mark.parametrize(
    "text",
    [
        f"sending X-OCR-SECRET: {CANARY} upstream",
        f"headers={{'X-OCR-SECRET': '{CANARY}', 'Content-Type': 'multipart/form-data'}}",
        f'{{"x-ocr-secret":"{CANARY}"}}',
        f"Authorization: Bearer {CANARY}",
        f"got token bearer {CANARY}",
        f"https://example.invalid/cb?client_secret={CANARY}&x=1",
    ],
)
def test_secret_patterns_inside_strings_are_masked(json_log: CapturedLog, text: str) -> None:
    structlog.get_logger().info(text)
    logging.getLogger("httpx").warning(text)

    assert CANARY not in json_log.stream.getvalue()
    assert all(logs.REDACTED in r["event"] for r in json_log.records())


def test_registered_secret_values_are_masked_wherever_they_appear(
    json_log: CapturedLog,
) -> None:
    logs.register_secret_value(CANARY)
    log = structlog.get_logger()
    log.info(f"oops the secret is {CANARY}", detail=f"prefix{CANARY}suffix", items=(CANARY,))
    logging.getLogger("grpc").error("stdlib %s", CANARY, extra={"where": CANARY})
    try:
        raise ValueError(f"bad secret {CANARY}")
    except ValueError:
        log.exception("with_traceback")
        logging.getLogger("aiohttp").exception("stdlib traceback")

    text = json_log.stream.getvalue()
    assert CANARY not in text
    assert text.count(logs.REDACTED) >= 6
    records = json_log.records()
    assert records[0]["detail"] == f"prefix{logs.REDACTED}suffix"
    assert records[1]["where"] == logs.REDACTED
    assert "ValueError" in records[2]["exception"]
    assert "ValueError" in records[3]["exception"]


def test_short_registered_values_are_ignored_so_logs_stay_readable(
    json_log: CapturedLog,
) -> None:
    logs.register_secret_value("abc")
    structlog.get_logger().info("abc stays")
    assert json_log.records()[0]["event"] == "abc stays"


def test_image_bytes_and_payload_keys_are_dropped_but_sizes_kept(json_log: CapturedLog) -> None:
    jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * 64
    structlog.get_logger().info(
        "received",
        payload=jpeg,
        content="aGVsbG8=",
        data={"format": "jpg"},
        image_bytes=len(jpeg),
        image=bytearray(jpeg),
        parts=[jpeg, "kept"],
        view=memoryview(jpeg),
    )

    (line,) = json_log.records()
    for key in ("payload", "content", "data", "image", "view"):
        assert key not in line
    assert line["image_bytes"] == len(jpeg)
    assert line["parts"] == ["kept"]
    assert "\\u00ff" not in json_log.stream.getvalue()


def test_recognized_document_text_is_never_logged(json_log: CapturedLog) -> None:
    structlog.get_logger().info(
        "converted",
        ocr_text="HONG GIL DONG 900101-1234567",
        result={"fields": [{"recognized_text": "M12345678"}], "count": 1},
    )

    (line,) = json_log.records()
    assert "ocr_text" not in line
    assert line["result"] == {"fields": [{}], "count": 1}
    assert "900101" not in json_log.stream.getvalue()
    assert "M12345678" not in json_log.stream.getvalue()


def test_vocabulary_values_skip_scanning_while_outside_text_is_still_masked(
    json_log: CapturedLog,
) -> None:
    logs.register_secret_value(CANARY)
    structlog.get_logger().info(
        "rpc_finished",
        method=logs.Vocabulary("/pkg.Service/Method"),
        grpc_code=logs.Vocabulary("OK"),
        request_id=f"id-{CANARY}",  # caller text: scanned
        caller=f"token={CANARY}",
        http_status=200,
        ocr_text="never",
    )

    (line,) = json_log.records()
    assert line["method"] == "/pkg.Service/Method"
    assert line["grpc_code"] == "OK"
    assert line["request_id"] == f"id-{logs.REDACTED}"
    assert CANARY not in json_log.stream.getvalue()
    assert "ocr_text" not in line  # the flat fast path still drops document text


def test_the_canonical_line_marks_only_fixed_vocabularies() -> None:
    from clova_ocr_gateway.domains import Domain
    from clova_ocr_gateway.observability.callcontext import CallRecord

    record = CallRecord(
        request_id="r", method="/m", domain=Domain.RECEIPT, grpc_code="OK", trace_id="ab" * 16
    )
    record.clova_code = "0025"
    fields = record.log_fields()
    marked = {k for k, v in fields.items() if isinstance(v, logs.Vocabulary)}
    assert marked == {"method", "domain", "grpc_code", "trace_id"}
    assert fields["domain"] == "receipt"


def test_context_variables_reach_stdlib_lines_too(json_log: CapturedLog) -> None:
    with structlog.contextvars.bound_contextvars(request_id="r-1", trace_id="t-1"):
        logging.getLogger("httpx").warning("inside")
    logging.getLogger("httpx").warning("outside")

    inside, outside = json_log.records()
    assert inside["request_id"] == "r-1"
    assert inside["trace_id"] == "t-1"
    assert "request_id" not in outside


def test_reconfiguring_replaces_the_handler_instead_of_duplicating_lines() -> None:
    first, second = io.StringIO(), io.StringIO()
    try:
        logs.configure_logging("json", "INFO", stream=first)
        logs.configure_logging("json", "INFO", stream=second)
        structlog.get_logger().info("once")
    finally:
        logs.reset_logging()
    assert first.getvalue() == ""
    assert len(second.getvalue().splitlines()) == 1


def test_auto_format_is_json_when_not_a_tty_and_console_can_be_forced() -> None:
    auto, console = io.StringIO(), io.StringIO()
    try:
        logs.configure_logging("auto", "INFO", stream=auto)
        structlog.get_logger().info("auto_line", secret=CANARY)
        logs.configure_logging("console", "INFO", stream=console)
        structlog.get_logger().info("console_line", secret=CANARY)
    finally:
        logs.reset_logging()
    assert json.loads(auto.getvalue())["event"] == "auto_line"
    assert "console_line" in console.getvalue()
    assert not console.getvalue().lstrip().startswith("{")
    assert CANARY not in auto.getvalue() + console.getvalue()


def test_level_filters_structlog_and_stdlib_and_quietens_httpx() -> None:
    out = io.StringIO()
    try:
        logs.configure_logging("json", "INFO", stream=out)
        structlog.get_logger().debug("hidden")
        logging.getLogger("grpc").debug("hidden too")
        logging.getLogger("httpx").info("HTTP Request: POST https://invoke.invalid")
        structlog.get_logger().info("shown")
    finally:
        logs.reset_logging()
    assert [json.loads(line)["event"] for line in out.getvalue().splitlines()] == ["shown"]


def test_unknown_format_and_level_are_rejected() -> None:
    with pytest.raises(ValueError, match="format"):
        logs.configure_logging("xml")
    with pytest.raises(ValueError, match="level"):
        logs.configure_logging("json", "LOUD")


@pytest.mark.parametrize("name", ["receipt", "receipt_secret", "secret"])
def test_secret_reload_warnings_keep_their_words_and_still_hide_the_value(
    json_log: CapturedLog, tmp_path: Path, name: str
) -> None:
    """The re-read warning once read "keeping the previous secret: [REDACTED] read ...": the
    redactor took "secret: cannot" for a header and its value. Whatever the file is called, the
    warning now says what happened, and the secret itself stays masked."""
    path = tmp_path / name
    path.write_text(CANARY)
    source = FileSecret(path)
    logs.register_secret_value(CANARY)
    path.unlink()
    assert source.reload() is False
    path.mkdir()  # readable as a path, unreadable as a file: another error text
    assert source.reload() is False
    path.rmdir()
    path.write_text(" \n")
    assert source.reload() is False

    warnings = [r for r in json_log.records() if r["level"] == "warning"]
    assert len(warnings) == 3
    assert all(logs.REDACTED not in w["event"] for w in warnings), warnings
    assert f"cannot read {path} (No such file or directory)" in warnings[0]["event"]
    assert f"cannot read {path} (Is a directory)" in warnings[1]["event"]
    assert f"unusable secret file {path} (secret is empty)" in warnings[2]["event"]
    structlog.get_logger().warning("upstream said", detail=f"X-OCR-SECRET: {CANARY}")
    assert CANARY not in json_log.stream.getvalue()
