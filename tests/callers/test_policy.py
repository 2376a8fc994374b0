"""The callers policy file: the issue's example parses as written, every mistake is refused with
a message naming the entry and key at fault, and no input crashes the parser."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clova_ocr_gateway.callers.policy import (
    DEFAULT_ENTRY,
    PiiMode,
    PolicyError,
    Quota,
    Window,
    builtin_policy,
    parse_callers_policy,
)
from clova_ocr_gateway.domains import Domain

WORKER = "system:serviceaccount:billing:receipt-worker"
ISSUE_EXAMPLE = f"""
callers:
  "{WORKER}":
    domains: [receipt, credit-card]
    weight: 2
    quotas:
      - {{domain: receipt, per: day, calls: 10000}}    # per: minute | day | month
      - {{domain: "*", per: month, calls: 200000}}
    pii: masked
  default:
    domains: ["*"]
    pii: masked
"""


def test_the_issue_example_parses_into_its_meaning() -> None:
    policy = parse_callers_policy(ISSUE_EXAMPLE)
    worker = policy.for_caller(WORKER)
    assert worker.domains == {Domain.RECEIPT, Domain.CREDIT_CARD}
    assert worker.weight == 2.0
    assert worker.quotas == (
        Quota(Domain.RECEIPT, Window.DAY, 10000),
        Quota(None, Window.MONTH, 200000),
    )
    assert worker.pii is PiiMode.MASKED
    # A receipt call counts against both quotas, a credit-card call only against the monthly one.
    assert len(worker.quotas_for(Domain.RECEIPT)) == 2
    assert worker.quotas_for(Domain.CREDIT_CARD) == (Quota(None, Window.MONTH, 200000),)
    assert not worker.permits(Domain.ID_CARD)
    stranger = policy.for_caller("someone-else")
    assert stranger.name == DEFAULT_ENTRY
    assert stranger.domains == frozenset(Domain)
    assert stranger.weight == 1.0 and stranger.quotas == ()
    assert policy.names == {WORKER}


def test_pii_defaults_to_masked_and_domains_may_be_empty_to_refuse_everything() -> None:
    policy = parse_callers_policy("callers: {alice: {domains: [passport]}, default: {domains: []}}")
    assert policy.for_caller("alice").pii is PiiMode.MASKED
    assert policy.default.domains == frozenset()
    assert not any(policy.default.permits(d) for d in Domain)
    raw = parse_callers_policy("callers: {a: {domains: ['*'], pii: raw}, default: {domains: []}}")
    assert raw.for_caller("a").pii is PiiMode.RAW


def test_builtin_policy_allows_everything_with_the_deprecated_weights() -> None:
    policy = builtin_policy({"batch": 0.5}, PiiMode.RAW)
    assert policy.for_caller("batch").weight == 0.5
    assert policy.for_caller("x").weight == 1.0
    assert all(policy.for_caller("x").permits(d) for d in Domain)
    assert policy.for_caller("x").quotas == ()


def _entry(body: str, name: str = "alice") -> str:
    return f'callers:\n  "{name}": {body}\n  default: {{domains: ["*"]}}\n'


A = 'callers["alice"]'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("callers: [1, 2]", "callers: expected a mapping"),
        ("- a", 'expected a mapping with one key, "callers"'),
        ("callers: {}\nextra: 1", "unknown top-level key(s) extra"),
        ("callers: {a: {domains: ['*']}}", 'callers["default"]: required'),
        (_entry("{domains: [receipt], quota: []}"), f"{A}: unknown key(s) quota"),
        (_entry("{weight: 2}"), f"{A}.domains: required"),
        (_entry("{domains: receipt}"), f"{A}.domains: expected a list"),
        (
            _entry("{domains: [receipt, creditcard]}"),
            f"{A}.domains[1]: unknown domain 'creditcard'",
        ),
        # The env-var spelling is not the policy spelling: one spelling per domain.
        (_entry("{domains: [credit_card]}"), f"{A}.domains[0]: unknown domain 'credit_card'"),
        (_entry("{domains: [receipt, receipt]}"), f"{A}.domains[1]: receipt is listed twice"),
        (_entry("{domains: ['*', receipt]}"), f'{A}.domains: "*" already means every domain'),
        (_entry("{domains: ['*'], weight: 0}"), f"{A}.weight: must be between 0.01 and 1000"),
        (_entry("{domains: ['*'], weight: yes}"), f"{A}.weight: expected a number"),
        (_entry("{domains: ['*'], pii: clear}"), f"{A}.pii: expected raw or masked"),
        (_entry("{domains: ['*'], quotas: {}}"), f"{A}.quotas: expected a list"),
        (
            _entry("{domains: ['*'], quotas: [{domain: receipt, per: week, calls: 1}]}"),
            f"{A}.quotas[0].per: expected one of minute, day, month (got 'week')",
        ),
        (
            _entry("{domains: ['*'], quotas: [{domain: receipt, per: day}]}"),
            f"{A}.quotas[0]: missing calls",
        ),
        (
            _entry("{domains: ['*'], quotas: [{domain: receipt, per: day, calls: 1, burst: 2}]}"),
            f"{A}.quotas[0]: unknown key(s) burst",
        ),
        (
            _entry("{domains: ['*'], quotas: [{domain: receipt, per: day, calls: 0}]}"),
            f"{A}.quotas[0].calls: expected a whole number from 1",
        ),
        (
            _entry("{domains: ['*'], quotas: [{domain: receipt, per: day, calls: 1.5}]}"),
            f"{A}.quotas[0].calls: expected a whole number",
        ),
        (
            _entry("{domains: [receipt], quotas: [{domain: passport, per: day, calls: 1}]}"),
            f"{A}.quotas[0].domain: passport is not in this entry's domains",
        ),
        (
            _entry(
                "{domains: ['*'], quotas: [{domain: '*', per: day, calls: 1}, "
                "{domain: '*', per: day, calls: 2}]}"
            ),
            f"{A}.quotas[1]: a second quota for domain '*' per day",
        ),
        (_entry("{domains: ['*']}", name=" padded"), 'callers[" padded"]: a caller id must be'),
        ("callers: {true: {domains: []}, default: {domains: []}}", "entry name True is a bool"),
        (
            'callers:\n  "a": {domains: []}\n  "a": {domains: ["*"]}\n  default: {domains: []}\n',
            "duplicate key 'a'",
        ),
        ("callers: {a: [", "not valid YAML"),
    ],
)
def test_every_mistake_is_refused_naming_the_entry_and_key(text: str, expected: str) -> None:
    with pytest.raises(PolicyError) as caught:
        parse_callers_policy(text)
    assert expected in str(caught.value)


def test_the_default_entry_is_checked_like_any_other() -> None:
    with pytest.raises(PolicyError, match=r'^callers\["default"\]\.pii: expected raw or masked'):
        parse_callers_policy("callers: {default: {domains: ['*'], pii: nope}}")


def test_a_duplicate_default_entry_is_refused() -> None:
    with pytest.raises(PolicyError, match="duplicate key 'default'"):
        parse_callers_policy("callers:\n  default: {domains: []}\n  default: {domains: ['*']}\n")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200) | st.binary(max_size=200))
def test_any_input_is_a_policy_or_a_policy_error(data: str | bytes) -> None:
    with contextlib.suppress(PolicyError):
        parse_callers_policy(data)


@settings(max_examples=100, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=8), children, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_any_entry_shape_is_a_policy_or_a_policy_error(body: object) -> None:
    import yaml

    text = yaml.safe_dump({"callers": {"x": body, "default": {"domains": ["*"]}}})
    try:
        parse_callers_policy(text)
    except PolicyError as exc:
        assert str(exc).startswith(('callers["x"]', "callers:", "not valid YAML"))
