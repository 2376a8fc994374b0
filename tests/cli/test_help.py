"""What `--help` tells a user, and the option values refused before anything is sent."""

from __future__ import annotations

import argparse

import pytest

from clova_ocr_gateway.cli import build_parser, main
from clova_ocr_gateway.domains import Domain

from .conftest import run_cli, text


def subcommands() -> dict[str, argparse.ArgumentParser]:
    (action,) = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def test_recognize_help_lists_domains_describes_file_and_shows_defaults() -> None:
    completed = run_cli("recognize", "--help")
    out, _ = text(completed)
    assert completed.returncode == 0
    flat = " ".join(out.split())  # argparse wraps lines wherever it likes
    for domain in Domain:
        assert domain.value in flat.replace("- ", "-")
    assert (
        "PATH image files (JPEG, PNG, ...)" in flat
        and "- to read one file from standard input" in flat
    )
    assert "exit status: 0 when every page of every file succeeded" in flat
    assert "(default: 127.0.0.1:50051)" in flat
    assert "(default: 60.0)" in flat
    for option in (
        "--client-id",
        "--metadata KEY=VALUE",
        "--raw",
        "--json",
        "--jsonl",
        "--concurrency N",
    ):
        assert option in flat


@pytest.mark.parametrize("command", ["serve", "emulator", "recognize", "health", "domains"])
def test_every_option_of_every_command_has_help_text(command: str) -> None:
    parser = subcommands()[command]
    for action in parser._actions:
        assert action.help and action.help != argparse.SUPPRESS, (command, action.dest)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--timeout", "0"], "must be a positive number of seconds"),
        (["--timeout", "-1"], "must be a positive number of seconds"),
        (["--timeout", "nan"], "must be a positive number of seconds"),
        (["--raw", "--json"], "not allowed with argument"),
        (["--metadata", "novalue"], "expected KEY=VALUE"),
        (["--metadata", "grpc-timeout=1"], "not a metadata key a caller may send"),
        (["--client-id", "a", "--metadata", "x-client-id=b"], "give the caller once"),
        (["--max-image-bytes", "0"], "must be at least 1 byte"),
    ],
    ids=["zero", "negative", "nan", "raw-and-json", "no-equals", "reserved", "two-ids", "limit"],
)
def test_bad_options_exit_2_with_a_usage_message(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["recognize", "receipt", "x.png", "--target", "127.0.0.1:1", *args])
    assert exited.value.code == 2
    assert message in capsys.readouterr().err
