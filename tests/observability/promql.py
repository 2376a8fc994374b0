"""Helpers for the observability tests: every metric exercised once, and PromQL name scanning."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import yaml

from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.observability.metrics import GatewayMetrics

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "deploy" / "prometheus" / "clova-ocr-gateway.rules.yaml"
DASHBOARD = ROOT / "deploy" / "grafana" / "clova-ocr-gateway.json"

METHOD = "/clova.ocr.document.v1.DocumentOcrService/RecognizeReceipt"

# Series Prometheus itself adds to every scrape.
SYNTHETIC = frozenset({"up", "scrape_duration_seconds", "scrape_samples_scraped"})

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`')
_MATCHERS = re.compile(r"\{[^{}]*\}")
_RANGE = re.compile(r"\[[^\[\]]*\]")
_GROUPING = re.compile(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)")
_VARIABLE = re.compile(r"\$\{[^}]*\}|\$\w+")
_IDENT = re.compile(r"(?<![\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*")
_KEYWORDS = frozenset(
    {"and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring"}
    | {"group_left", "group_right", "inf", "nan", "atan2"}
)
_LABEL_VALUES = re.compile(r"^\s*label_values\((?P<expr>.*),\s*[a-zA-Z_]\w*\s*\)\s*$", re.S)


def metric_names_in(expr: str) -> set[str]:
    """Metric names referenced by a PromQL expression (functions, labels, keywords skipped)."""
    text = _STRING.sub('""', expr)
    text = _VARIABLE.sub("1", text)
    text = _MATCHERS.sub("", text)
    text = _RANGE.sub("", text)
    text = _GROUPING.sub("", text)
    names: set[str] = set()
    for match in _IDENT.finditer(text):
        name = match.group(0)
        rest = text[match.end() :].lstrip()
        if rest.startswith("(") or name.lower() in _KEYWORDS:
            continue  # a function or aggregation call, or an operator keyword
        names.add(name)
    return names


def rule_groups() -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = yaml.safe_load(RULES.read_text(encoding="utf-8"))["groups"]
    return groups


def rule_expressions() -> Iterator[tuple[str, str]]:
    """(rule name, expr) for every rule in the rule file."""
    for group in rule_groups():
        for rule in group["rules"]:
            yield rule.get("alert") or rule["record"], rule["expr"]


def recorded_names() -> set[str]:
    return {rule["record"] for g in rule_groups() for rule in g["rules"] if "record" in rule}


def dashboard() -> dict[str, Any]:
    value: dict[str, Any] = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    return value


def dashboard_expressions() -> Iterator[tuple[str, str]]:
    """(where, expr) for every panel target and query variable of the dashboard."""

    def walk(node: Any, where: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            title = node.get("title") or node.get("name") or where
            if isinstance(node.get("expr"), str):
                yield title, node["expr"]
            for value in node.values():
                yield from walk(value, title)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value, where)

    board = dashboard()
    yield from walk(board["panels"], "panels")
    for var in board["templating"]["list"]:
        query = var.get("query")
        if var.get("type") == "query":
            text = query["query"] if isinstance(query, dict) else query
            match = _LABEL_VALUES.match(text)
            yield f"variable {var['name']}", match.group("expr") if match else text


def exercise_everything(metrics: GatewayMetrics) -> None:
    """Touch every labelled metric once through the public API."""
    d = Domain.RECEIPT
    metrics.rpc_started(METHOD)
    metrics.rpc_msg_received(METHOD)
    metrics.rpc_msg_sent(METHOD)
    metrics.rpc_handled(METHOD, grpc.StatusCode.OK, 0.5)
    metrics.upstream_request(d, http_status=200, clova_code=None, seconds=1.0, sent_bytes=10)
    metrics.upstream_retry(d, "timeout")
    metrics.set_circuit_state(d, "open")
    metrics.infer_result(d, "SUCCESS")
    metrics.set_admission_inflight(d, 1)
    metrics.set_admission_limit(d, 4)
    metrics.set_admission_queue_length(d, 0)
    metrics.set_admission_queue_capacity(d, 8)
    metrics.observe_queue_wait(d, 0.01)
    metrics.admission_rejected(d, "queue_full")
    metrics.secret_reload(d, ok=True)
    metrics.secret_reload(d, ok=False)
    metrics.request_by_client(d, "someone")
    metrics.caller_billable_call("someone", d)
    metrics.caller_permission_denied("other", d)
    metrics.caller_quota_rejected("someone", "*", "day")
    metrics.set_caller_quota_usage("someone", "*", "day", used=1, limit=2, window_end=2e9)
    metrics.set_quota_degraded(True)
    metrics.callers_policy_reload(ok=True)
    metrics.callers_policy_reload(ok=False)
