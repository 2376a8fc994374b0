"""Alert rules: promtool checks and unit tests pass, and the PrometheusRule never drifts."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from .promql import ROOT, RULES, rule_groups

PROMETHEUS_RULE = ROOT / "deploy" / "kubernetes" / "base" / "prometheusrule.yaml"
PROMTOOL_TESTS = ROOT / "deploy" / "prometheus" / "tests"
RUNBOOK_PREFIX = "https://github.com/clova-ocr-gateway/clova-ocr-gateway/blob/main/README.md#"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_prometheusrule", ROOT / "scripts" / "gen_prometheusrule.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _alerts() -> list[dict[str, Any]]:
    return [rule for g in rule_groups() for rule in g["rules"] if "alert" in rule]


def test_check_alerts_script_passes() -> None:
    promtool = os.environ.get("PROMTOOL") or shutil.which("promtool")
    if promtool is None:
        if os.environ.get("CI") == "true":
            pytest.fail("promtool is required in CI (Debian package `prometheus`)")
        pytest.skip("promtool not installed (apt-get install prometheus); CI runs this test")
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "check_alerts.sh")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_prometheusrule_is_the_generated_wrapper_of_the_rule_file() -> None:
    expected = _generator().render(RULES.read_text(encoding="utf-8"))
    assert PROMETHEUS_RULE.read_text(encoding="utf-8") == expected, (
        "deploy/kubernetes/base/prometheusrule.yaml is stale: run scripts/gen_prometheusrule.py"
    )
    wrapped = yaml.safe_load(PROMETHEUS_RULE.read_text(encoding="utf-8"))
    assert wrapped["kind"] == "PrometheusRule"
    assert wrapped["spec"]["groups"] == rule_groups()


def test_every_alert_has_severity_summary_description_and_readme_runbook() -> None:
    alerts = _alerts()
    assert len(alerts) >= 10
    names = [a["alert"] for a in alerts]
    assert len(names) == len(set(names))
    for alert in alerts:
        name = alert["alert"]
        assert alert["labels"]["severity"] in {"critical", "warning"}, name
        annotations = alert["annotations"]
        assert annotations["summary"].strip(), name
        assert annotations["description"].strip(), name
        assert annotations["runbook_url"] == RUNBOOK_PREFIX + name.lower(), name


def test_every_alert_has_a_firing_and_a_quiet_promtool_case() -> None:
    firing: set[str] = set()
    quiet: set[str] = set()
    for path in sorted(PROMTOOL_TESTS.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert doc["rule_files"] == ["../" + RULES.name], path
        for test in doc["tests"]:
            for case in test.get("alert_rule_test", []):
                (firing if case.get("exp_alerts") else quiet).add(case["alertname"])
    names = {a["alert"] for a in _alerts()}
    assert names - firing == set(), "alerts never shown firing"
    assert names - quiet == set(), "alerts never shown staying quiet"


def test_the_generator_refuses_a_file_without_top_level_groups(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="groups"):
        _generator().render("rules:\n  - alert: X\n")
