"""structlog setup: one processor chain for structlog and stdlib loggers, JSON lines off a TTY.

Every line passes `drop_document_text` and `redact` right before rendering, so secrets, auth
headers, image bytes and recognised ID-document text never reach the output.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from collections.abc import Callable, Mapping
from typing import Any, TextIO

import orjson
import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

from clova_ocr_gateway.config.settings import LogFormat

__all__ = [
    "DOCUMENT_TEXT_KEYS",
    "REDACTED",
    "LogFormat",
    "Vocabulary",
    "clear_registered_secret_values",
    "configure_logging",
    "drop_document_text",
    "get_logger",
    "redact",
    "redact_text",
    "register_secret_value",
    "reset_logging",
]

REDACTED = "[REDACTED]"

# Keys whose values are never logged, at any depth.
_SENSITIVE_KEY = re.compile(r"secret|password|passwd|token|authorization|api[_-]?key", re.I)
# Keys that carry image payloads (bytes or base64); a number under them is a size and is kept.
_PAYLOAD_KEYS = frozenset({"content", "data", "image", "image_bytes"})
# Recognised text of documents (ID cards, passports, ...) is personal data: never logged.
DOCUMENT_TEXT_KEYS: frozenset[str] = frozenset({"ocr_text", "recognized_text"})

# "X-OCR-SECRET: v", "'authorization': 'Bearer v'", "client_secret=v&..." inside strings.
_HEADER_VALUE = re.compile(
    r"(?i)\b((?:proxy-)?authorization|x-ocr-secret|[\w-]*(?:secret|password|passwd|token|"
    r"api[_-]?key)[\w-]*)([\"']?\s*[:=]\s*[\"']?)(?:(?:bearer|basic|token)\s+)?[^\s\"',;&}\]]+"
)
_BEARER = re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9\-._~+/]+=*")

# Registered secret values shorter than this are ignored: masking every "abc" would wreck the
# logs, and real CLOVA secrets are far longer.
_MIN_SECRET_LEN = 8
# Old values stay masked after rotation (they may still be in use or in flight), up to a cap.
_MAX_SECRET_VALUES = 64

_secrets_lock = threading.Lock()
_secret_values: dict[str, None] = {}
_secret_pattern: re.Pattern[str] | None = None


def register_secret_value(value: str) -> None:
    """Mask `value` wherever it appears in any log line from now on (secret store hook)."""
    global _secret_pattern
    value = value.strip()
    if len(value) < _MIN_SECRET_LEN:
        return
    with _secrets_lock:
        _secret_values.pop(value, None)
        _secret_values[value] = None
        while len(_secret_values) > _MAX_SECRET_VALUES:
            del _secret_values[next(iter(_secret_values))]
        # Longest first, so a secret that contains another is masked whole.
        alternatives = sorted(_secret_values, key=len, reverse=True)
        _secret_pattern = re.compile("|".join(re.escape(v) for v in alternatives))


def clear_registered_secret_values() -> None:
    """Forget every registered value (tests)."""
    global _secret_pattern
    with _secrets_lock:
        _secret_values.clear()
        _secret_pattern = None


def redact_text(text: str) -> str:
    """`text` with registered secrets, auth header values and bearer tokens masked."""
    pattern = _secret_pattern
    if pattern is not None:
        text = pattern.sub(REDACTED, text)
    text = _HEADER_VALUE.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)
    return _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)


class Vocabulary(str):
    """A log value from a fixed vocabulary (enum and method names, hex ids), marked by the code
    that logs it: it cannot hold a secret, so redaction passes it through unscanned."""

    __slots__ = ()


_DROP = object()
_HEAD_KEYS = ("timestamp", "level", "event", "logger")
# Set by our own processors from fixed vocabularies (they overwrite any value passed in).
_PROCESSOR_KEYS = frozenset({"timestamp", "level", "logger"})
# Values of these types hold neither secrets nor nested values: passed through as they are.
_PLAIN_TYPES = frozenset({int, float, bool, type(None), Vocabulary})
# Key names seen so far -> whether they name a sensitive value (a bounded vocabulary: keys
# come from the code, not from callers).
_sensitive_keys: dict[str, bool] = {}
_MAX_KEYS_REMEMBERED = 4096


def _is_sensitive_key(name: str) -> bool:
    verdict = _sensitive_keys.get(name)
    if verdict is None:
        verdict = _SENSITIVE_KEY.search(name) is not None
        if len(_sensitive_keys) < _MAX_KEYS_REMEMBERED:
            _sensitive_keys[name] = verdict
    return verdict


def _is_binary(value: object) -> bool:
    return isinstance(value, bytes | bytearray | memoryview)


def _clean(value: object) -> object:
    """Redacted copy of a log value; `_DROP` for values that must disappear."""
    if type(value) in _PLAIN_TYPES:
        return value
    if isinstance(value, str):
        return redact_text(value) if value else value
    if value is None or isinstance(value, bool | int | float):
        return value
    if _is_binary(value):
        return _DROP
    if isinstance(value, Mapping):
        return _clean_mapping(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [c for c in (_clean(v) for v in value) if c is not _DROP]
    # Anything else is rendered with str() by the renderer anyway; do it here so it is redacted.
    return redact_text(str(value))


def _clean_mapping(mapping: Mapping[Any, Any]) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for key, value in mapping.items():
        name = str(key)
        if name in DOCUMENT_TEXT_KEYS:
            continue
        if name.lower() in _PAYLOAD_KEYS and not isinstance(value, int | float):
            continue
        if _is_sensitive_key(name) and value is not None:
            out[key] = REDACTED
            continue
        if name in _PROCESSOR_KEYS and type(value) is str:
            out[key] = value
            continue
        cleaned = _clean(value)
        if cleaned is not _DROP:
            out[key] = cleaned
    return out


def redact(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    """structlog processor: mask secrets by key and pattern, drop bytes and image payloads."""
    event = event_dict.get("event")
    cleaned = _clean_mapping({k: v for k, v in event_dict.items() if k != "event"})
    if event is not None:
        cleaned["event"] = redact_text(event if isinstance(event, str) else str(event))
    # Stable, readable order: when, how bad, what, then the details.
    head = {k: cleaned.pop(k) for k in _HEAD_KEYS if k in cleaned}
    return {**head, **cleaned}


def _drop_document_text_in(value: object) -> object:
    if isinstance(value, Mapping):
        return {
            k: _drop_document_text_in(v)
            for k, v in value.items()
            if str(k) not in DOCUMENT_TEXT_KEYS
        }
    if isinstance(value, list | tuple):
        return [_drop_document_text_in(v) for v in value]
    return value


def drop_document_text(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    """structlog processor: remove `ocr_text` / `recognized_text` keys at any depth."""
    for key, value in event_dict.items():
        if key in DOCUMENT_TEXT_KEYS or not (type(value) in _PLAIN_TYPES or type(value) is str):
            break
    else:
        return event_dict  # flat and clean, as most lines are: nothing to copy
    return {
        k: _drop_document_text_in(v) for k, v in event_dict.items() if k not in DOCUMENT_TEXT_KEYS
    }


def _orjson_dumps(obj: Any, **kw: Any) -> str:
    default: Callable[[Any], Any] = kw.get("default", str)
    return orjson.dumps(obj, default=default, option=orjson.OPT_NON_STR_KEYS).decode()


_HANDLER_MARK = "_clova_ocr_gateway_handler"
# Libraries whose stdlib logs must come out in the same format as ours.
_LIBRARY_LOGGERS = ("grpc", "httpx", "httpcore", "aiohttp", "asyncio", "redis")
# httpx logs every request line (with the invoke URL) at INFO; only surface it when debugging.
_CHATTY_LOGGERS = ("httpx", "httpcore")


def _level_number(level: str | int) -> int:
    if isinstance(level, int):
        return level
    number = logging.getLevelName(level.strip().upper())
    if not isinstance(number, int):
        raise ValueError(f"unknown log level {level!r}")
    return number


def configure_logging(
    fmt: LogFormat | str = "auto",
    level: str | int = "INFO",
    *,
    stream: TextIO | None = None,
) -> None:
    """Route structlog and stdlib logging to `stream` (stdout) as JSON or console lines.

    `auto` picks the console renderer on a TTY and JSON otherwise. Safe to call again: the
    previous handler is replaced, never stacked.
    """
    if fmt not in ("auto", "json", "console"):
        raise ValueError(f"unknown log format {fmt!r} (auto, json or console)")
    out = stream if stream is not None else sys.stdout
    levelno = _level_number(level)
    use_console = fmt == "console" or (fmt == "auto" and _isatty(out))

    timestamper = structlog.processors.TimeStamper(fmt="iso", utc=True)
    # Shared by stdlib records before they join the structlog chain.
    foreign_pre_chain: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.stdlib.ExtraAdder(),
        timestamper,
    ]
    renderer: Processor = (
        structlog.dev.ConsoleRenderer(colors=_isatty(out))
        if use_console
        else structlog.processors.JSONRenderer(serializer=_orjson_dumps)
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=foreign_pre_chain,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            # Tracebacks become plain strings first, so redaction sees them too.
            structlog.processors.format_exc_info,
            drop_document_text,
            redact,
            renderer,
        ],
    )

    handler = logging.StreamHandler(out)
    handler.setFormatter(formatter)
    setattr(handler, _HANDLER_MARK, True)

    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, _HANDLER_MARK, False):
            root.removeHandler(old)
            old.close()  # StreamHandler.close() leaves the stream itself open
    root.addHandler(handler)
    root.setLevel(levelno)
    for name in _LIBRARY_LOGGERS:
        lib = logging.getLogger(name)
        lib.propagate = True
        lib.setLevel(logging.NOTSET)
    if levelno > logging.DEBUG:
        for name in _CHATTY_LOGGERS:
            logging.getLogger(name).setLevel(max(levelno, logging.WARNING))
    logging.captureWarnings(True)

    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.stdlib.filter_by_level,
            structlog.stdlib.add_logger_name,
            structlog.stdlib.add_log_level,
            structlog.stdlib.PositionalArgumentsFormatter(),
            timestamper,
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        # Not cached: tests (ours and others') reconfigure or use structlog.testing freely.
        cache_logger_on_first_use=False,
    )


def reset_logging() -> None:
    """Undo `configure_logging` (tests): remove our handler and restore structlog defaults."""
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, _HANDLER_MARK, False):
            root.removeHandler(old)
            old.close()
    structlog.reset_defaults()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def get_logger(name: str = "clova_ocr_gateway") -> structlog.stdlib.BoundLogger:
    """A structlog logger routed through the configured chain."""
    logger: structlog.stdlib.BoundLogger = structlog.stdlib.get_logger(name)
    return logger
