"""Tests for clova_ocr_gateway.config.secret_store: redaction, file reloads (Kubernetes-style
symlink swaps), failure handling and the polling manager."""

from __future__ import annotations

import asyncio
import copy
import json
import os
import pickle
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clova_ocr_gateway.config.secret_store import (
    FileSecret,
    ReloadableSecretSource,
    Secret,
    SecretManager,
    SecretSource,
    StaticSecret,
    parse_secret_text,
)
from clova_ocr_gateway.domains import Domain

CANARY = "CANARY-s3cr3t-Zq9"
MASK = "Secret('**********')"


def k8s_mount(directory: Path, key: str, value: str, version: str) -> Path:
    """Write `value` the way kubelet's AtomicWriter does: a new timestamped dir, then an
    atomic rename of the `..data` symlink; `directory/key -> ..data/key` is stable."""
    versioned = directory / f"..{version}"
    versioned.mkdir()
    (versioned / key).write_text(value)
    tmp_link = directory / "..data_tmp"
    os.symlink(versioned.name, tmp_link)
    os.replace(tmp_link, directory / "..data")
    user_path = directory / key
    if not user_path.is_symlink():
        os.symlink(f"..data/{key}", user_path)
    return user_path


async def wait_until(predicate: Callable[[], bool]) -> None:
    # Bounded (~3 s): a missed rotation fails the test instead of hanging it.
    for _ in range(600):
        if predicate():
            return
        await asyncio.sleep(0.005)
    raise AssertionError("condition not met in time")


def revealed(source: SecretSource) -> str | None:
    secret = source.current()
    return None if secret is None else secret.reveal()


# --- Secret -----------------------------------------------------------------------------


def test_secret_repr_str_and_format_are_masked_and_reveal_returns_value() -> None:
    secret = Secret(CANARY)
    assert repr(secret) == MASK
    assert str(secret) == MASK
    assert f"{secret}" == MASK
    assert "%s %r" % (secret, secret) == f"{MASK} {MASK}"  # noqa: UP031 - the old API too
    assert secret.reveal() == CANARY


@given(st.text(min_size=1))
def test_secret_repr_is_the_same_mask_for_any_value(value: str) -> None:
    assert repr(Secret(value)) == MASK
    assert str(Secret(value)) == MASK


def test_secret_equality_compares_values() -> None:
    assert Secret("abc") == Secret("abc")
    assert Secret("abc") != Secret("abd")
    assert Secret("abc") != "abc"  # never equal to the plaintext by accident


def test_secret_is_not_hashable_picklable_or_json_serialisable() -> None:
    secret = Secret(CANARY)
    with pytest.raises(TypeError):
        hash(secret)
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(secret)
    with pytest.raises(TypeError):
        json.dumps({"secret": secret})


def test_secret_copies_share_the_immutable_object() -> None:
    secret = Secret(CANARY)
    assert copy.copy(secret) is secret
    assert copy.deepcopy(secret) is secret


def test_secret_rejects_non_string_values() -> None:
    with pytest.raises(TypeError):
        Secret(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("abc", "abc"),
        ("abc\n", "abc"),
        ("abc\r\n", "abc"),
        ("  abc\n\n", "abc"),
    ],
)
def test_parse_secret_text_strips_surrounding_whitespace_and_newlines(
    raw: str, expected: str
) -> None:
    assert parse_secret_text(raw).reveal() == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        (" \n", "empty"),
        ("ab cd", "whitespace"),
        ("ab\ncd", "whitespace"),
        ("ab\x00cd", "control"),
        ("비밀", "non-ASCII"),
    ],
)
def test_parse_secret_text_rejects_values_that_cannot_be_a_header(raw: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason) as excinfo:
        parse_secret_text(raw)
    if raw.strip():
        assert raw.strip() not in str(excinfo.value)


# --- StaticSecret -------------------------------------------------------------------------


def test_static_secret_serves_its_value_and_masks_repr() -> None:
    source = StaticSecret(CANARY)
    assert revealed(source) == CANARY
    assert CANARY not in repr(source)
    assert isinstance(source, SecretSource)
    assert not isinstance(source, ReloadableSecretSource)


# --- FileSecret ---------------------------------------------------------------------------


def test_file_secret_strips_trailing_newline(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    path.write_text("from-file\n")
    source = FileSecret(path)
    assert revealed(source) == "from-file"
    assert source.last_error is None
    assert source.last_success_unix is not None
    assert source.last_success_monotonic is not None


def test_file_secret_repr_shows_path_not_value(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    path.write_text(CANARY)
    source = FileSecret(path)
    assert CANARY not in repr(source)
    assert str(path) in repr(source)


def test_file_secret_initial_counters_are_zero_and_initial_failure_recorded(
    tmp_path: Path,
) -> None:
    source = FileSecret(tmp_path / "missing")
    assert source.current() is None
    assert source.last_error is not None and "missing" in source.last_error
    assert (source.reloads_total, source.reload_failures_total) == (0, 0)


def test_poll_without_change_does_not_reread(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    path.write_text("one")
    source = FileSecret(path)
    assert source.poll() is None
    assert source.poll() is None
    assert source.reloads_total == 0


def test_poll_picks_up_in_place_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    path.write_text("one")
    source = FileSecret(path)
    path.write_text("two-longer")  # size differs, so the fingerprint differs on any filesystem
    assert source.poll() is True
    assert revealed(source) == "two-longer"
    assert source.reloads_total == 1


def test_poll_picks_up_kubernetes_data_symlink_swap(tmp_path: Path) -> None:
    path = k8s_mount(tmp_path, "secret", "old-secret\n", "2024_01_01_00_00_00.1")
    source = FileSecret(path)
    assert revealed(source) == "old-secret"
    k8s_mount(tmp_path, "secret", "new-secret\n", "2024_01_02_00_00_00.2")
    assert source.poll() is True
    assert revealed(source) == "new-secret"


@pytest.mark.parametrize(
    "break_file",
    [
        pytest.param(lambda p: p.unlink(), id="missing"),
        pytest.param(lambda p: p.write_text(""), id="empty"),
        pytest.param(lambda p: p.write_text("\n"), id="only-newline"),
        pytest.param(lambda p: p.write_bytes(b"\xff\xfe"), id="not-utf8"),
        pytest.param(lambda p: p.write_text("x" * 70_000), id="too-large"),
        pytest.param(lambda p: (p.unlink(), p.mkdir()), id="directory"),
    ],
)
def test_failed_reread_keeps_last_good_secret_and_counts_failure_once(
    tmp_path: Path, break_file: Callable[[Path], object]
) -> None:
    path = tmp_path / "secret"
    path.write_text("good")
    source = FileSecret(path)
    break_file(path)

    assert source.poll() is False
    assert revealed(source) == "good"
    assert source.reload_failures_total == 1
    assert source.last_error is not None
    assert source.last_failure_unix is not None
    # The broken state is unchanged, so further polls neither re-read nor re-count.
    assert source.poll() is None
    assert source.reload_failures_total == 1


def test_recovery_after_failure_serves_new_secret_and_clears_error(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    path.write_text("good")
    source = FileSecret(path)
    path.unlink()
    assert source.poll() is False
    path.write_text("better")
    assert source.poll() is True
    assert revealed(source) == "better"
    assert source.last_error is None
    assert (source.reloads_total, source.reload_failures_total) == (1, 1)


def test_explicit_reload_rereads_even_when_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    path.write_text("same")
    source = FileSecret(path)
    assert source.reload() is True
    assert source.reload() is True
    assert source.reloads_total == 2


def test_listeners_see_every_reread_and_a_failing_listener_does_not_stop_reload(
    tmp_path: Path,
) -> None:
    path = tmp_path / "secret"
    path.write_text("a")
    source = FileSecret(path)
    seen: list[bool] = []

    def broken(ok: bool) -> None:
        raise RuntimeError("metrics exploded")

    source.add_listener(broken)
    source.add_listener(seen.append)
    path.write_text("bb")
    assert source.poll() is True
    path.unlink()
    assert source.poll() is False
    assert seen == [True, False]
    assert revealed(source) == "bb"


def test_readers_never_see_a_missing_secret_during_rotation(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    path.write_text("v0")
    source = FileSecret(path)
    observed: set[str | None] = set()
    errors: list[BaseException] = []
    done = threading.Event()

    def reader() -> None:
        try:
            while not done.is_set():
                observed.add(revealed(source))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for i in range(1, 50):
            path.write_text(f"v{i}")
            source.reload()
    finally:
        done.set()
        thread.join(timeout=5)
    assert not errors
    assert None not in observed
    assert observed <= {f"v{i}" for i in range(50)}


# --- SecretManager ------------------------------------------------------------------------


def test_manager_answers_per_domain(tmp_path: Path) -> None:
    manager = SecretManager({Domain.RECEIPT: StaticSecret("r"), Domain.PASSPORT: None})
    assert manager.secret_for(Domain.RECEIPT) == Secret("r")
    assert manager.usable(Domain.RECEIPT)
    assert manager.configured(Domain.RECEIPT)
    for domain in (Domain.PASSPORT, Domain.ID_CARD):
        assert manager.secret_for(domain) is None
        assert not manager.usable(domain)
        assert not manager.configured(domain)


def test_manager_domain_with_unreadable_file_is_configured_but_not_usable(tmp_path: Path) -> None:
    manager = SecretManager({Domain.RECEIPT: FileSecret(tmp_path / "missing")})
    assert manager.configured(Domain.RECEIPT)
    assert not manager.usable(Domain.RECEIPT)


def test_manager_repr_never_reveals_secrets() -> None:
    manager = SecretManager({Domain.RECEIPT: StaticSecret(CANARY)})
    assert CANARY not in repr(manager)


def test_manager_rejects_non_positive_poll_interval() -> None:
    with pytest.raises(ValueError):
        SecretManager({}, poll_interval=0)


async def test_manager_poller_picks_up_kubernetes_rotation_without_restart(
    tmp_path: Path,
) -> None:
    path = k8s_mount(tmp_path, "receipt-secret", "old\n", "2024_05_01_00_00_00.1")
    calls: list[tuple[Domain, bool]] = []
    manager = SecretManager({Domain.RECEIPT: FileSecret(path)}, poll_interval=0.01)
    manager.add_reload_hook(lambda d, ok: calls.append((d, ok)))
    async with manager:
        assert manager.running
        k8s_mount(tmp_path, "receipt-secret", "new\n", "2024_05_02_00_00_00.2")
        await wait_until(lambda: manager.secret_for(Domain.RECEIPT) == Secret("new"))
        await wait_until(lambda: bool(calls))
    assert not manager.running
    assert calls == [(Domain.RECEIPT, True)]


async def test_manager_poller_keeps_old_secret_when_file_disappears(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    path.write_text("keep-me")
    source = FileSecret(path)
    failures: list[Domain] = []
    manager = SecretManager(
        {Domain.NAME_CARD: source},
        poll_interval=0.01,
        on_reload=lambda d, ok: None if ok else failures.append(d),
    )
    await manager.start()
    try:
        path.unlink()
        await wait_until(lambda: source.reload_failures_total == 1)
        assert manager.secret_for(Domain.NAME_CARD) == Secret("keep-me")
        assert manager.usable(Domain.NAME_CARD)
        assert failures == [Domain.NAME_CARD]
    finally:
        await manager.stop()


async def test_manager_without_file_sources_starts_no_task_and_stop_is_idempotent() -> None:
    manager = SecretManager({Domain.RECEIPT: StaticSecret("x")})
    await manager.start()
    assert not manager.running
    await manager.stop()
    await manager.stop()


async def test_manager_start_twice_keeps_one_poller(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    path.write_text("x")
    manager = SecretManager({Domain.RECEIPT: FileSecret(path)}, poll_interval=0.01)
    await manager.start()
    await manager.start()
    tasks = [t for t in asyncio.all_tasks() if t.get_name() == "clova-ocr-secret-poller"]
    assert len(tasks) == 1
    await manager.stop()


def test_manager_explicit_reload_reports_per_domain(tmp_path: Path) -> None:
    receipt, passport = tmp_path / "r", tmp_path / "p"
    receipt.write_text("r1")
    passport.write_text("p1")
    manager = SecretManager(
        {
            Domain.RECEIPT: FileSecret(receipt),
            Domain.PASSPORT: FileSecret(passport),
            Domain.ID_CARD: StaticSecret("static"),
        }
    )
    receipt.write_text("r2")
    passport.unlink()
    assert manager.reload() == {Domain.RECEIPT: True, Domain.PASSPORT: False}
    assert manager.reload(Domain.RECEIPT) == {Domain.RECEIPT: True}
    assert manager.secret_for(Domain.RECEIPT) == Secret("r2")
    assert manager.secret_for(Domain.PASSPORT) == Secret("p1")
