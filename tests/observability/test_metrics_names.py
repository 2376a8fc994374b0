"""Every metric the alert rules and the dashboard query is one the gateway really exports."""

from __future__ import annotations

import re

import pytest

from clova_ocr_gateway.observability.metrics import GatewayMetrics

from .promql import (
    ROOT,
    SYNTHETIC,
    dashboard,
    dashboard_expressions,
    exercise_everything,
    metric_names_in,
    recorded_names,
    rule_expressions,
)


@pytest.fixture(scope="module")
def exported() -> frozenset[str]:
    metrics = GatewayMetrics(version="test", git_commit="0" * 7)
    exercise_everything(metrics)
    return metrics.metric_names()


def test_the_name_scanner_skips_functions_labels_and_keywords() -> None:
    expr = (
        'histogram_quantile(0.99, sum by (le, domain) (rate(foo_bucket{le="10", a=~"x|y"}[5m])))'
        ' / on (job) group_left bar_total offset 5m > bool 1e3 and absent(up{job="$job"})'
        ' or label_replace(baz, "dst", "$1", "src", "(.*)")'
    )
    assert metric_names_in(expr) == {"foo_bucket", "bar_total", "up", "baz"}


def test_every_rule_expression_uses_exported_or_recorded_metrics(
    exported: frozenset[str],
) -> None:
    known = exported | recorded_names() | SYNTHETIC
    seen: set[str] = set()
    for name, expr in rule_expressions():
        used = metric_names_in(expr)
        assert used, f"{name}: no metric found in {expr!r}"
        assert used <= known, f"{name} uses metrics nobody exports: {sorted(used - known)}"
        seen |= used
    # The scan found the families the alerts are about (guards against a scanner that
    # silently matches nothing).
    assert {"grpc_server_handled_total", "clova_ocr_upstream_requests_total", "up"} <= seen


def test_every_dashboard_expression_uses_exported_or_recorded_metrics(
    exported: frozenset[str],
) -> None:
    known = exported | recorded_names() | SYNTHETIC
    count = 0
    for where, expr in dashboard_expressions():
        used = metric_names_in(expr)
        assert used, f"{where}: no metric found in {expr!r}"
        assert used <= known, f"panel {where!r} uses unknown metrics: {sorted(used - known)}"
        count += 1
    assert count >= 20


def test_dashboard_uses_a_datasource_variable_everywhere() -> None:
    board = dashboard()
    variables = {v["name"]: v for v in board["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource"
    assert variables["datasource"]["query"] == "prometheus"
    for panel in board["panels"]:
        if panel["type"] == "row":
            continue
        assert panel["datasource"]["uid"] == "${datasource}", panel["title"]
        for target in panel["targets"]:
            assert target["datasource"]["uid"] == "${datasource}", panel["title"]


def test_every_exported_gateway_metric_is_documented(exported: frozenset[str]) -> None:
    doc = (ROOT / "docs" / "observability.md").read_text(encoding="utf-8")
    families = {
        re.sub(r"_(total|bucket|sum|count|created)$", "", n)
        for n in exported
        if n.startswith(("clova_ocr_", "grpc_server_"))
    }
    missing = sorted(f for f in families if f not in doc)
    assert not missing, f"docs/observability.md does not mention {missing}"
