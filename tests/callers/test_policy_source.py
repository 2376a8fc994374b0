"""OCR_CALLERS_FILE on disk: validated at start with an error naming the entry, re-read when it
changes (also through the Kubernetes `..data` symlink swap), and a bad edit keeps the last good
policy, logged with the entry at fault and exported as a metric."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from callers.conftest import CapturedLog
from clova_ocr_gateway.callers.policy import CallersPolicy
from clova_ocr_gateway.callers.policy_source import OTHER_CALLERS, PolicySource
from clova_ocr_gateway.callers.watched import WatchedFiles
from clova_ocr_gateway.config.settings import ConfigError, load_settings
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.observability.metrics import GatewayMetrics

GOOD = "callers:\n  alice: {domains: [receipt], weight: 3}\n  default: {domains: ['*']}\n"
GOOD_2 = (
    "callers:\n  alice: {domains: [passport]}\n  bob: {domains: []}\n  default: {domains: []}\n"
)
BAD = "callers:\n  alice: {domains: [receipt], pii: open}\n  default: {domains: ['*']}\n"


def k8s_mount(directory: Path, key: str, text: str, version: str) -> Path:
    """Write `text` as kubelet does for a ConfigMap: a new directory, then an atomic swap of the
    `..data` symlink; `directory/key -> ..data/key` stays the same path."""
    versioned = directory / f"..{version}"
    versioned.mkdir()
    (versioned / key).write_text(text)
    tmp_link = directory / "..data_tmp"
    os.symlink(versioned.name, tmp_link)
    os.replace(tmp_link, directory / "..data")
    path = directory / key
    if not path.is_symlink():
        os.symlink(f"..data/{key}", path)
    return path


def watched(path: Path) -> WatchedFiles[CallersPolicy]:
    """The callers file as the settings load it (OCR_CALLERS_FILE)."""
    files = load_settings({"OCR_CALLERS_FILE": str(path)}).callers_file
    assert files is not None
    return files


def sample(metrics: GatewayMetrics, name: str) -> float | None:
    return metrics.registry.get_sample_value(name)


def test_a_bad_file_at_start_fails_naming_the_variable_the_file_and_the_entry(
    tmp_path: Path,
) -> None:
    path = tmp_path / "callers.yaml"
    path.write_text(BAD)
    with pytest.raises(ConfigError) as caught:
        load_settings({"OCR_CALLERS_FILE": str(path)})
    message = str(caught.value)
    assert message.startswith(f"OCR_CALLERS_FILE: {path}: ")
    assert 'callers["alice"].pii: expected raw or masked' in message


def test_a_missing_file_at_start_fails(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="OCR_CALLERS_FILE: cannot read"):
        load_settings({"OCR_CALLERS_FILE": str(tmp_path / "absent.yaml")})


def test_the_deprecated_weights_and_a_callers_file_together_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "callers.yaml"
    path.write_text(GOOD)
    with pytest.raises(ConfigError, match=r"^OCR_CLIENT_WEIGHTS and OCR_CALLERS_FILE: "):
        load_settings({"OCR_CALLERS_FILE": str(path), "OCR_CLIENT_WEIGHTS": "batch=1"})


def test_weights_and_labels_come_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "callers.yaml"
    path.write_text(GOOD)
    source = PolicySource(watched(path), label_allowlist=frozenset({"carol"}))
    assert source.weight("alice") == 3.0
    assert source.weight("stranger") == 1.0
    assert source.caller_label("alice") == "alice"
    assert source.caller_label("carol") == "carol"  # OCR_CLIENT_ID_ALLOWLIST still labels
    assert source.caller_label("stranger") == OTHER_CALLERS


def test_a_changed_file_is_read_again_through_the_kubernetes_symlink_swap(
    tmp_path: Path,
) -> None:
    path = k8s_mount(tmp_path, "callers.yaml", GOOD, "v1")
    metrics = GatewayMetrics(process_metrics=False)
    source = PolicySource(watched(path), metrics=metrics)
    seen = []
    source.on_change(lambda policy: seen.append(policy))
    file = source._file
    assert file is not None
    assert file.poll() is None  # unchanged: not read again
    k8s_mount(tmp_path, "callers.yaml", GOOD_2, "v2")
    assert file.poll() is True
    assert source.for_caller("alice").domains == {Domain.PASSPORT}
    assert source.caller_label("bob") == "bob"
    assert source.for_caller("stranger").domains == frozenset()
    assert len(seen) == 1
    assert sample(metrics, "clova_ocr_callers_policy_reloads_total") == 1


def test_a_bad_edit_keeps_the_last_good_policy_and_is_logged_and_counted(
    tmp_path: Path, json_log: CapturedLog
) -> None:
    path = tmp_path / "callers.yaml"
    path.write_text(GOOD)
    metrics = GatewayMetrics(process_metrics=False)
    source = PolicySource(watched(path), metrics=metrics)
    path.write_text(BAD + "# edited\n")
    assert source.reload() is False
    assert source.for_caller("alice").domains == {Domain.RECEIPT}  # the last good policy
    assert sample(metrics, "clova_ocr_callers_policy_reload_failures_total") == 1
    assert sample(metrics, "clova_ocr_callers_policy_last_reload_success") == 0
    [line] = json_log.events("callers_policy_reload_failed")
    assert line["level"] == "warning"
    assert 'callers["alice"].pii: expected raw or masked' in line["error"]
    # A fix is picked up and clears the failure.
    path.write_text(GOOD_2)
    assert source.reload() is True
    assert source.for_caller("alice").domains == {Domain.PASSPORT}
    assert sample(metrics, "clova_ocr_callers_policy_last_reload_success") == 1
    assert json_log.events("callers_policy_reloaded")


def test_a_deleted_file_keeps_the_last_good_policy(tmp_path: Path) -> None:
    path = tmp_path / "callers.yaml"
    path.write_text(GOOD)
    source = PolicySource(watched(path))
    path.unlink()
    assert source._file is not None and source._file.poll() is False
    assert source._file.poll() is None  # still missing: not retried on every tick
    assert source.for_caller("alice").weight == 3.0


async def test_the_poller_applies_an_edit_without_restart(tmp_path: Path) -> None:
    path = k8s_mount(tmp_path, "callers.yaml", GOOD, "v1")
    source = PolicySource(watched(path))
    await source.start(poll_seconds=0.02)
    try:
        k8s_mount(tmp_path, "callers.yaml", GOOD_2, "v2")
        for _ in range(250):  # about 5 s at most
            if source.for_caller("alice").domains == {Domain.PASSPORT}:
                break
            await asyncio.sleep(0.02)
        assert source.for_caller("alice").domains == {Domain.PASSPORT}
    finally:
        await source.stop()
    await source.stop()  # idempotent
