"""The CLOVA secret (X-OCR-SECRET) per domain: a redacting wrapper, static and file-backed
sources, and a manager that polls mounted files so a rotated secret is served without restart.

Named `secret_store` rather than `secrets` so it never gets confused with the stdlib module.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import NoReturn, Protocol, runtime_checkable

from clova_ocr_gateway.domains import Domain

__all__ = [
    "DEFAULT_POLL_SECONDS",
    "FileSecret",
    "ReloadHook",
    "ReloadableSecretSource",
    "Secret",
    "SecretManager",
    "SecretSource",
    "StaticSecret",
    "parse_secret_text",
]

_log = logging.getLogger(__name__)

DEFAULT_POLL_SECONDS = 1.0
_MASK = "**********"
# A CLOVA secret is a short token; anything bigger is a wrong mount, not a secret.
_MAX_SECRET_FILE_BYTES = 64 * 1024

ReloadHook = Callable[[Domain, bool], None]
"""Called as `hook(domain, ok)` after every re-read of a domain's secret file."""


class Secret:
    """A secret string that never shows itself in repr/str/logs; call `reveal()` to use it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError("Secret value must be a str")
        self._value = value

    def reveal(self) -> str:
        """Return the secret value; call only where it is put on the wire."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret('{_MASK}')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        # Constant-time so comparing a presented secret cannot be timed byte by byte.
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    # Defining __eq__ leaves __hash__ = None: a secret must not become a dict key whose hash
    # (a function of the value) could end up in a debug dump.

    def __reduce__(self) -> NoReturn:
        # Pickling would write the plaintext to wherever the pickle goes (cache, queue, disk).
        raise TypeError("Secret objects cannot be pickled")

    def __reduce_ex__(self, protocol: object) -> NoReturn:
        raise TypeError("Secret objects cannot be pickled")

    def __copy__(self) -> Secret:
        return self  # immutable, so a copy may share

    def __deepcopy__(self, memo: dict[int, object]) -> Secret:
        return self


def parse_secret_text(raw: str) -> Secret:
    """Turn env/file text into a `Secret`, stripping the trailing newline that `echo` and
    editors add; raise ValueError (never quoting the value) if it cannot be a header value."""
    value = raw.strip()
    if not value:
        raise ValueError("secret is empty")
    # It travels as an HTTP header: httpx rejects non-ASCII and control characters at request
    # time, which would turn a bad file into failed calls instead of a clear startup error.
    if any(not ("\x21" <= ch <= "\x7e") for ch in value):
        raise ValueError("secret contains whitespace, control or non-ASCII characters")
    return Secret(value)


@runtime_checkable
class SecretSource(Protocol):
    """Where one domain's secret comes from; `current()` is called per request, so no I/O."""

    def current(self) -> Secret | None:
        """Return the secret to send now, or None if none was ever loaded."""
        ...


@runtime_checkable
class ReloadableSecretSource(SecretSource, Protocol):
    """A source backed by something that can change underneath (a mounted file)."""

    def poll(self) -> bool | None:
        """Re-read if the backing store changed; None if unchanged, else `reload()`'s result."""
        ...

    def reload(self) -> bool:
        """Re-read now; True on success. On failure the last good secret stays current."""
        ...

    def add_listener(self, listener: Callable[[bool], None]) -> None:
        """Call `listener(ok)` after every re-read."""
        ...


class StaticSecret:
    """A secret fixed for the process lifetime (from `OCR_<DOMAIN>_SECRET`)."""

    __slots__ = ("_secret",)

    def __init__(self, secret: Secret | str) -> None:
        self._secret = secret if isinstance(secret, Secret) else parse_secret_text(secret)

    def current(self) -> Secret:
        return self._secret

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StaticSecret):
            return NotImplemented
        return self._secret == other._secret

    def __repr__(self) -> str:
        return f"StaticSecret({self._secret!r})"


_Fingerprint = tuple[int, ...]


def _fingerprint(st: os.stat_result) -> _Fingerprint:
    # ino/dev catch the Kubernetes ..data symlink swap (a new file); mtime/size/ctime catch
    # in-place edits and permission fixes.
    return (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size, st.st_ctime_ns)


def _error_fingerprint(exc: OSError) -> _Fingerprint:
    # A stable marker per failure kind so a file that stays missing is counted once, not per poll.
    return (-1, exc.errno or 0)


class FileSecret:
    """A secret read from a file (`OCR_<DOMAIN>_SECRET_FILE`), re-read when the file changes.

    The file is read once at construction; `last_error` is set if that failed. Re-reads happen
    on `poll()` (when `os.stat`, which follows the Kubernetes `key -> ..data/key` symlinks,
    reports a different file) or on `reload()`. A failed re-read keeps the last good secret.
    Counters cover re-reads only, not the initial load.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._current: Secret | None = None
        self._lock = threading.Lock()  # serialises readers; `current()` never takes it
        self._listeners: list[Callable[[bool], None]] = []
        self._attempt_fp: _Fingerprint | None = None
        self.reloads_total = 0
        self.reload_failures_total = 0
        self.last_success_monotonic: float | None = None
        self.last_success_unix: float | None = None
        self.last_failure_unix: float | None = None
        self.last_error: str | None = None
        with self._lock:
            self._read()

    def current(self) -> Secret | None:
        # A single attribute read: a concurrent reload swaps the whole object, so callers see
        # either the old or the new secret, never a partial one and never an error.
        return self._current

    def add_listener(self, listener: Callable[[bool], None]) -> None:
        self._listeners.append(listener)

    def poll(self) -> bool | None:
        try:
            fp = _fingerprint(os.stat(self.path))
        except OSError as exc:
            fp = _error_fingerprint(exc)
        if fp == self._attempt_fp:
            return None
        return self.reload()

    def reload(self) -> bool:
        with self._lock:
            ok = self._read()
            if ok:
                self.reloads_total += 1
            else:
                self.reload_failures_total += 1
        for listener in list(self._listeners):
            try:
                listener(ok)
            except Exception:
                # A broken metrics hook must not stop rotation.
                _log.exception("secret reload listener failed", extra={"path": str(self.path)})
        return ok

    def _read(self) -> bool:
        """Read the file and swap the current secret; caller holds the lock."""
        try:
            with open(self.path, "rb") as fh:
                self._attempt_fp = _fingerprint(os.fstat(fh.fileno()))
                data = fh.read(_MAX_SECRET_FILE_BYTES + 1)
            if len(data) > _MAX_SECRET_FILE_BYTES:
                raise ValueError(f"file is larger than {_MAX_SECRET_FILE_BYTES} bytes")
            secret = parse_secret_text(data.decode("utf-8"))
        except OSError as exc:
            # Fingerprint what poll() will see, so an unopenable file (a directory, mode 000)
            # is retried only once it changes, not on every tick.
            try:
                self._attempt_fp = _fingerprint(os.stat(self.path))
            except OSError as stat_exc:
                self._attempt_fp = _error_fingerprint(stat_exc)
            return self._fail(f"cannot read {self.path} ({exc.strerror or exc})")
        except (UnicodeDecodeError, ValueError) as exc:
            reason = "not UTF-8" if isinstance(exc, UnicodeDecodeError) else str(exc)
            return self._fail(f"unusable secret file {self.path} ({reason})")
        self._current = secret
        self.last_success_monotonic = time.monotonic()
        self.last_success_unix = time.time()
        self.last_error = None
        return True

    def _fail(self, message: str) -> bool:
        # The wording avoids "secret: <word>" and "<path ending in secret>: <word>": the log
        # redactor masks whatever follows such a key as its value ("X-OCR-SECRET: v"), which
        # turned "keeping the previous secret: cannot read" into "[REDACTED] read".
        self.last_error = message
        self.last_failure_unix = time.time()
        if self._current is not None:
            _log.warning("secret re-read failed, the previous value stays in use; %s", message)
        return False

    def __repr__(self) -> str:
        return f"FileSecret(path={str(self.path)!r})"


class SecretManager:
    """One secret source per domain, plus the asyncio task that polls the file-backed ones."""

    def __init__(
        self,
        sources: Mapping[Domain, SecretSource | None],
        *,
        poll_interval: float = DEFAULT_POLL_SECONDS,
        on_reload: ReloadHook | None = None,
    ) -> None:
        if poll_interval <= 0:
            raise ValueError("poll_interval must be > 0")
        self._sources: dict[Domain, SecretSource | None] = {d: sources.get(d) for d in Domain}
        self._poll_interval = poll_interval
        self._hooks: list[ReloadHook] = [on_reload] if on_reload is not None else []
        self._task: asyncio.Task[None] | None = None
        for domain, source in self._sources.items():
            if isinstance(source, ReloadableSecretSource):
                source.add_listener(self._forwarder(domain))

    def _forwarder(self, domain: Domain) -> Callable[[bool], None]:
        def forward(ok: bool) -> None:
            for hook in list(self._hooks):
                try:
                    hook(domain, ok)
                except Exception:
                    _log.exception("secret on_reload hook failed for %s", domain.value)

        return forward

    def add_reload_hook(self, hook: ReloadHook) -> None:
        """Subscribe `hook(domain, ok)` to every re-read (may run in a worker thread)."""
        self._hooks.append(hook)

    def source(self, domain: Domain) -> SecretSource | None:
        """The configured source, e.g. to read a `FileSecret`'s counters."""
        return self._sources[domain]

    def secret_for(self, domain: Domain) -> Secret | None:
        source = self._sources[domain]
        return None if source is None else source.current()

    def configured(self, domain: Domain) -> bool:
        return self._sources[domain] is not None

    def usable(self, domain: Domain) -> bool:
        return self.secret_for(domain) is not None

    def reload(self, domain: Domain | None = None) -> dict[Domain, bool]:
        """Re-read file-backed secrets now (all, or one domain); returns success per domain."""
        results: dict[Domain, bool] = {}
        for d, source in self._sources.items():
            if (domain is None or d is domain) and isinstance(source, ReloadableSecretSource):
                results[d] = source.reload()
        return results

    def poll_once(self) -> None:
        """Check every file-backed source once (blocking stat; the task runs it in a thread)."""
        for source in self._sources.values():
            if isinstance(source, ReloadableSecretSource):
                source.poll()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        """Start polling; a no-op when already running or when no secret comes from a file."""
        if self.running:
            return
        if not any(isinstance(s, ReloadableSecretSource) for s in self._sources.values()):
            return
        self._task = asyncio.get_running_loop().create_task(
            self._run(), name="clova-ocr-secret-poller"
        )

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def __aenter__(self) -> SecretManager:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._poll_interval)
            try:
                # stat/read are tiny but may block on a slow volume; keep them off the loop.
                await asyncio.to_thread(self.poll_once)
            except Exception:
                # The poller must outlive any single bad tick.
                _log.exception("secret poll failed")

    def __repr__(self) -> str:
        return f"SecretManager(sources={self._sources!r}, poll_interval={self._poll_interval})"
