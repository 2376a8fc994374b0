"""The per-caller policy (OCR_CALLERS_FILE): which domains each caller may call, its fair-queue
weight, its quotas of billable calls and whether it may read personal identifiers in clear.

This module is the model and its validation; `policy_source` loads and re-reads the file.
The file is YAML (docs/security.md):

    callers:
      "system:serviceaccount:billing:receipt-worker":
        domains: [receipt, credit-card]
        weight: 2
        quotas:
          - {domain: receipt, per: day, calls: 10000}
          - {domain: "*", per: month, calls: 200000}
        pii: masked
      default:
        domains: ["*"]
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final

import yaml

from clova_ocr_gateway.domains import Domain

__all__ = [
    "ALL_DOMAINS",
    "DEFAULT_ENTRY",
    "MAX_WEIGHT",
    "MIN_WEIGHT",
    "CallerPolicy",
    "CallersPolicy",
    "PiiMode",
    "PolicyError",
    "Quota",
    "Window",
    "builtin_policy",
    "parse_callers_policy",
]

ALL_DOMAINS: Final = "*"  # the policy file's spelling of "every domain"
DEFAULT_ENTRY: Final = "default"  # the entry of every caller the file does not name
# Weights outside this range would starve a caller for thousands of turns or let one caller take
# every slot for thousands of calls in a row (the same bounds as OCR_CLIENT_WEIGHTS).
MIN_WEIGHT: Final = 0.01
MAX_WEIGHT: Final = 1000.0
MAX_CALLS: Final = 10**12  # far above any CLOVA contract; keeps counters in Redis' integer range
MAX_CALLER_ID_LENGTH: Final = 1024
MAX_ENTRIES: Final = 10_000

_ENTRY_KEYS: Final = ("domains", "weight", "quotas", "pii")
_QUOTA_KEYS: Final = ("domain", "per", "calls")


class PolicyError(ValueError):
    """The callers policy is invalid; the message starts with the entry (and key) at fault."""


class Window(enum.Enum):
    """A calendar window of a quota, in UTC: it resets at the start of the next one."""

    MINUTE = "minute"
    DAY = "day"
    MONTH = "month"


class PiiMode(enum.Enum):
    """Whether a caller reads personal identifiers in clear (`raw`) or masked (`masked`)."""

    RAW = "raw"
    MASKED = "masked"


@dataclass(frozen=True, slots=True)
class Quota:
    """At most `calls` billable calls of `domain` (None: all domains together) per window."""

    domain: Domain | None
    per: Window
    calls: int

    @property
    def scope(self) -> str:
        """The domain as the file spells it: its value, or "*"."""
        return ALL_DOMAINS if self.domain is None else self.domain.value

    def applies_to(self, domain: Domain) -> bool:
        return self.domain is None or self.domain is domain


@dataclass(frozen=True, slots=True)
class CallerPolicy:
    """What one entry of the file allows (`name` is the caller id, or "default")."""

    name: str
    domains: frozenset[Domain]
    weight: float = 1.0
    quotas: tuple[Quota, ...] = ()
    pii: PiiMode = PiiMode.MASKED

    def permits(self, domain: Domain) -> bool:
        return domain in self.domains

    def quotas_for(self, domain: Domain) -> tuple[Quota, ...]:
        """The quotas a call of `domain` counts against."""
        return tuple(q for q in self.quotas if q.applies_to(domain))


@dataclass(frozen=True, slots=True)
class CallersPolicy:
    """Every entry of the file; callers it does not name get `default`."""

    callers: Mapping[str, CallerPolicy]
    default: CallerPolicy
    # Where it came from, for logs: the file's path, or "built-in" without OCR_CALLERS_FILE.
    source: str = "built-in"
    names: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        if not isinstance(self.callers, MappingProxyType):
            object.__setattr__(self, "callers", MappingProxyType(dict(self.callers)))
        object.__setattr__(self, "names", frozenset(self.callers))

    def for_caller(self, caller_id: str) -> CallerPolicy:
        return self.callers.get(caller_id, self.default)


def builtin_policy(weights: Mapping[str, float], pii: PiiMode) -> CallersPolicy:
    """The policy without OCR_CALLERS_FILE: every caller may call every domain, without quotas,
    with the (deprecated) OCR_CLIENT_WEIGHTS weights, and one PII mode for all."""
    every = frozenset(Domain)
    return CallersPolicy(
        callers={
            caller: CallerPolicy(caller, every, weight=weight, pii=pii)
            for caller, weight in weights.items()
        },
        default=CallerPolicy(DEFAULT_ENTRY, every, pii=pii),
    )


# ------------------------------------------------------------------ parsing


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys: PyYAML would silently keep the last of two
    entries for one caller, granting what the operator meant to take away (or the reverse)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)  # resolves `<<` merge keys first, as SafeLoader does
    seen: set[object] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in seen
            seen.add(key)
        except TypeError:
            continue  # an unhashable key; construct_mapping reports it
        if duplicate:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_callers_policy(data: bytes | str, *, source: str = "OCR_CALLERS_FILE") -> CallersPolicy:
    """Parse and validate the callers file; PolicyError names the entry and key at fault."""
    try:
        document = yaml.load(data, Loader=_StrictLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise PolicyError(f"not valid YAML: {exc}") from None
    except RecursionError:
        raise PolicyError("not valid YAML: nested too deeply") from None
    if not isinstance(document, dict):
        raise PolicyError('expected a mapping with one key, "callers"')
    unknown = sorted(str(k) for k in document if k != "callers")
    if unknown:
        raise PolicyError(f'unknown top-level key(s) {", ".join(unknown)}; only "callers" is read')
    callers = document.get("callers")
    if not isinstance(callers, dict):
        raise PolicyError('callers: expected a mapping of caller id to entry, plus "default"')
    if len(callers) > MAX_ENTRIES:
        raise PolicyError(f"callers: at most {MAX_ENTRIES} entries (got {len(callers)})")
    entries: dict[str, CallerPolicy] = {}
    for name, body in callers.items():
        if not isinstance(name, str):
            raise PolicyError(
                f"callers: entry name {name!r} is a {type(name).__name__}, not a string; "
                "quote it in the file"
            )
        where = _entry_path(name)
        _check_caller_id(name, where)
        entries[name] = _entry(name, body, where)
    default = entries.pop(DEFAULT_ENTRY, None)
    if default is None:
        raise PolicyError(
            f"{_entry_path(DEFAULT_ENTRY)}: required, the entry of every caller not named in the "
            'file (e.g. {domains: ["*"]}, or {domains: []} to refuse them)'
        )
    return CallersPolicy(callers=entries, default=default, source=source)


def _entry_path(name: str) -> str:
    # JSON quoting shows ids with colons, spaces or odd characters unambiguously.
    return f"callers[{json.dumps(name, ensure_ascii=False)}]"


def _check_caller_id(name: str, where: str) -> None:
    if not name or name != name.strip() or not name.isprintable():
        raise PolicyError(
            f"{where}: a caller id must be non-empty printable text without surrounding spaces"
        )
    if len(name) > MAX_CALLER_ID_LENGTH:
        raise PolicyError(f"{where}: a caller id has at most {MAX_CALLER_ID_LENGTH} characters")


def _entry(name: str, body: object, where: str) -> CallerPolicy:
    if not isinstance(body, dict):
        raise PolicyError(f"{where}: expected a mapping with {', '.join(_ENTRY_KEYS)}")
    unknown = sorted(str(k) for k in body if k not in _ENTRY_KEYS)
    if unknown:
        raise PolicyError(
            f"{where}: unknown key(s) {', '.join(unknown)} (expected {', '.join(_ENTRY_KEYS)})"
        )
    if "domains" not in body:
        raise PolicyError(f'{where}.domains: required (a list of domains, ["*"] for all)')
    domains = _domains(body["domains"], f"{where}.domains")
    weight = _weight(body.get("weight", 1.0), f"{where}.weight")
    quotas = _quotas(body.get("quotas", []), domains, f"{where}.quotas")
    pii = _pii(body.get("pii", PiiMode.MASKED.value), f"{where}.pii")
    return CallerPolicy(name, domains, weight=weight, quotas=quotas, pii=pii)


def _domain_names() -> str:
    return ", ".join(d.value for d in Domain)


def _domain(value: object, where: str) -> Domain | None:
    """A domain named in the file; None for "*"."""
    if value == ALL_DOMAINS:
        return None
    if isinstance(value, str):
        for domain in Domain:
            if domain.value == value:
                return domain
    raise PolicyError(
        f'{where}: unknown domain {value!r} (expected one of {_domain_names()}, or "*" for all)'
    )


def _domains(value: object, where: str) -> frozenset[Domain]:
    if not isinstance(value, list):
        raise PolicyError(f'{where}: expected a list of domains, e.g. [receipt] or ["*"]')
    named: set[Domain] = set()
    every = False
    for index, item in enumerate(value):
        domain = _domain(item, f"{where}[{index}]")
        if domain is None:
            every = True
        elif domain in named:
            raise PolicyError(f"{where}[{index}]: {domain.value} is listed twice")
        else:
            named.add(domain)
    if every and named:
        raise PolicyError(f'{where}: "*" already means every domain; list either "*" or domains')
    return frozenset(Domain) if every else frozenset(named)


def _weight(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PolicyError(f"{where}: expected a number (got {value!r})")
    if not MIN_WEIGHT <= value <= MAX_WEIGHT:
        raise PolicyError(
            f"{where}: must be between {MIN_WEIGHT:g} and {MAX_WEIGHT:g} (got {value!r})"
        )
    return float(value)


def _quotas(value: object, domains: frozenset[Domain], where: str) -> tuple[Quota, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise PolicyError(f"{where}: expected a list of {{domain, per, calls}} mappings")
    quotas: list[Quota] = []
    seen: set[tuple[Domain | None, Window]] = set()
    for index, item in enumerate(value):
        at = f"{where}[{index}]"
        if not isinstance(item, dict):
            raise PolicyError(f"{at}: expected a mapping with domain, per and calls")
        unknown = sorted(str(k) for k in item if k not in _QUOTA_KEYS)
        missing = [k for k in _QUOTA_KEYS if k not in item]
        if unknown or missing:
            problems = []
            if unknown:
                problems.append(f"unknown key(s) {', '.join(unknown)}")
            if missing:
                problems.append(f"missing {', '.join(missing)}")
            raise PolicyError(f"{at}: {'; '.join(problems)} (expected domain, per, calls)")
        domain = _domain(item["domain"], f"{at}.domain")
        if domain is not None and domain not in domains:
            raise PolicyError(
                f"{at}.domain: {domain.value} is not in this entry's domains, so the quota "
                "could never apply"
            )
        per = _window(item["per"], f"{at}.per")
        calls = item["calls"]
        if isinstance(calls, bool) or not isinstance(calls, int) or not 1 <= calls <= MAX_CALLS:
            raise PolicyError(
                f"{at}.calls: expected a whole number from 1 to {MAX_CALLS} (got {calls!r}); "
                "to refuse a domain, leave it out of domains"
            )
        if (domain, per) in seen:
            scope = ALL_DOMAINS if domain is None else domain.value
            raise PolicyError(f"{at}: a second quota for domain {scope!r} per {per.value}")
        seen.add((domain, per))
        quotas.append(Quota(domain, per, calls))
    return tuple(quotas)


def _window(value: object, where: str) -> Window:
    for window in Window:
        if window.value == value:
            return window
    names = ", ".join(w.value for w in Window)
    raise PolicyError(f"{where}: expected one of {names} (got {value!r})")


def _pii(value: object, where: str) -> PiiMode:
    for mode in PiiMode:
        if mode.value == value:
            return mode
    raise PolicyError(f"{where}: expected raw or masked (got {value!r})")
