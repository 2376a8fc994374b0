"""Files that authentication reads and re-reads when they change: TLS certificates and keys,
the JWKS, the API keys. One `WatchedFiles` is a group of paths parsed together into one value;
`FilePoller` polls groups from an asyncio task, as `config.secret_store` polls secret files.

A group is re-read when `os.stat` (which follows the Kubernetes `key -> ..data/key` symlinks)
reports another file or another version of one; a failed re-read keeps the last good value,
so a half-written or broken file never fails a call.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Generic, Protocol, TypeVar

__all__ = ["MAX_FILE_BYTES", "FilePoller", "Pollable", "WatchedFileError", "WatchedFiles"]

_log = logging.getLogger(__name__)

T = TypeVar("T")

# Certificates, keys, a JWKS and a key list are a few KiB; a bigger file is a wrong mount.
MAX_FILE_BYTES = 1024 * 1024

_Fingerprint = tuple[int, ...]


class WatchedFileError(ValueError):
    """A watched file cannot be read or parsed; the message names the file, never its content."""


def _fingerprint(path: Path) -> _Fingerprint:
    # ino/dev catch the ..data symlink swap (a new file); mtime/size/ctime catch in-place edits.
    try:
        st = os.stat(path)
    except OSError as exc:
        return (-1, exc.errno or 0)
    return (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size, st.st_ctime_ns)


def _read(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise WatchedFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise WatchedFileError(f"{path} is larger than {MAX_FILE_BYTES} bytes")
    return data


class WatchedFiles(Generic[T]):
    """Paths read together and parsed into one value, re-read when any of them changes.

    The constructor reads and parses once and raises `WatchedFileError` on failure (a bad
    file at start is a configuration error). `value` is a plain attribute read: a reload swaps
    the whole value, so readers see the old or the new one, never a mix.
    """

    def __init__(
        self,
        name: str,
        paths: Sequence[str | os.PathLike[str]],
        parse: Callable[[Mapping[Path, bytes]], T],
    ) -> None:
        self.name = name  # a closed label: "tls", "jwks", "api_keys"
        self.paths = tuple(Path(p) for p in paths)
        self._parse = parse
        self._lock = threading.Lock()
        self._listeners: list[Callable[[bool], None]] = []
        self._seen: tuple[_Fingerprint, ...] | None = None
        self.last_error: str | None = None
        self.value: T = self._load()

    def add_listener(self, listener: Callable[[bool], None]) -> None:
        """Call `listener(ok)` after every re-read (from the poller's worker thread)."""
        self._listeners.append(listener)

    def _fingerprints(self) -> tuple[_Fingerprint, ...]:
        return tuple(_fingerprint(p) for p in self.paths)

    def _load(self) -> T:
        before: tuple[_Fingerprint, ...] | None = self._fingerprints()
        try:
            contents = {p: _read(p) for p in self.paths}
            if self._fingerprints() != before:
                # A rotation happened while reading: cert from the old version, key from the
                # new. Not remembered, so the next poll reads the group again.
                before = None
                raise WatchedFileError(f"{self.name}: files changed while being read")
            return self._parse(contents)
        finally:
            if before is not None:
                # Remembered even when reading or parsing failed: a broken file is retried
                # once it changes, not on every tick.
                self._seen = before

    def poll(self) -> bool | None:
        """Re-read if any file changed: None if unchanged, else whether the re-read worked."""
        if self._fingerprints() == self._seen:
            return None
        return self.reload()

    def reload(self) -> bool:
        """Re-read now; on failure the last good value stays."""
        with self._lock:
            try:
                self.value = self._load()
            except WatchedFileError as exc:
                self.last_error = str(exc)
                _log.warning("%s re-read failed; keeping the previous value: %s", self.name, exc)
                ok = False
            else:
                self.last_error = None
                ok = True
        for listener in list(self._listeners):
            try:
                listener(ok)
            except Exception:
                # A broken hook (metrics) must not stop rotation.
                _log.exception("%s reload listener failed", self.name)
        return ok

    def __repr__(self) -> str:
        return f"WatchedFiles({self.name!r}, {[str(p) for p in self.paths]!r})"


class Pollable(Protocol):
    """Anything `FilePoller` can poll (a `WatchedFiles` of any value type)."""

    def poll(self) -> bool | None: ...


class FilePoller:
    """Polls `WatchedFiles` groups every `interval` seconds from one asyncio task; the stat
    and read calls run in a worker thread so a slow volume never stalls the event loop."""

    def __init__(self, groups: Sequence[Pollable], interval: float) -> None:
        if interval <= 0:
            raise ValueError("interval must be > 0")
        self._groups = tuple(groups)
        self._interval = interval
        self._task: asyncio.Task[None] | None = None

    def poll_once(self) -> None:
        for group in self._groups:
            group.poll()

    async def start(self) -> None:
        if self._task is not None or not self._groups:
            return
        self._task = asyncio.get_running_loop().create_task(
            self._run(), name="clova-ocr-auth-file-poller"
        )

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                await asyncio.to_thread(self.poll_once)
            except Exception:
                # The poller must outlive any single bad tick.
                _log.exception("auth file poll failed")
