"""The callers policy in force: OCR_CALLERS_FILE, re-read when it changes (a bad edit keeps the
last good policy, logged and counted), or the built-in allow-all policy without the file."""

from __future__ import annotations

from collections.abc import Callable

from clova_ocr_gateway.callers.policy import CallerPolicy, CallersPolicy
from clova_ocr_gateway.callers.watched import FilePoller, WatchedFiles
from clova_ocr_gateway.observability.logs import get_logger
from clova_ocr_gateway.observability.metrics import GatewayMetrics

__all__ = ["OTHER_CALLERS", "PolicySource"]

OTHER_CALLERS = "other"  # the metric label of every caller the policy file does not name

_log = get_logger("clova_ocr_gateway.callers")


class PolicySource:
    """The current `CallersPolicy`; reading it is one attribute read, safe on the request path.

    With a file, `start()` polls it every `poll_seconds`; each re-read is logged
    (`callers_policy_reloaded` / `callers_policy_reload_failed`, whose error names the entry at
    fault) and counted in the metrics.
    """

    def __init__(
        self,
        policy: CallersPolicy | WatchedFiles[CallersPolicy],
        *,
        metrics: GatewayMetrics | None = None,
        label_allowlist: frozenset[str] = frozenset(),
    ) -> None:
        self._file = policy if isinstance(policy, WatchedFiles) else None
        self._static = policy if isinstance(policy, CallersPolicy) else None
        self._metrics = metrics
        self._label_allowlist = label_allowlist
        self._poller: FilePoller | None = None
        self._hooks: list[Callable[[CallersPolicy], None]] = []
        if self._file is not None:
            self._file.add_listener(self._reloaded)
        if metrics is not None:
            metrics.set_callers_policy_loaded(True)

    @property
    def current(self) -> CallersPolicy:
        if self._file is not None:
            return self._file.value
        assert self._static is not None
        return self._static

    def for_caller(self, caller_id: str) -> CallerPolicy:
        return self.current.for_caller(caller_id)

    def weight(self, caller_id: str) -> float:
        """The caller's fair-queue weight (the admission controller's weight function)."""
        return self.current.for_caller(caller_id).weight

    def caller_label(self, caller_id: str) -> str:
        """The `caller` metric label: the id when the policy names it (or it is allow-listed in
        OCR_CLIENT_ID_ALLOWLIST), else "other", so labels stay a closed set."""
        if caller_id in self.current.names or caller_id in self._label_allowlist:
            return caller_id
        return OTHER_CALLERS

    def on_change(self, hook: Callable[[CallersPolicy], None]) -> None:
        """Call `hook(policy)` after every successful re-read."""
        self._hooks.append(hook)

    def reload(self) -> bool:
        """Re-read the file now (tests, SIGHUP-like tools); True without a file."""
        return True if self._file is None else self._file.reload()

    async def start(self, poll_seconds: float) -> None:
        if self._file is not None and self._poller is None:
            self._poller = FilePoller([self._file], poll_seconds)
            await self._poller.start()

    async def stop(self) -> None:
        poller, self._poller = self._poller, None
        if poller is not None:
            await poller.stop()

    def _reloaded(self, ok: bool) -> None:
        assert self._file is not None
        if self._metrics is not None:
            self._metrics.callers_policy_reload(ok)
        if not ok:
            _log.warning(
                "callers_policy_reload_failed",
                path=str(self._file.paths[0]),
                error=self._file.last_error,
                detail="the previous callers policy stays in force",
            )
            return
        policy = self._file.value
        _log.info(
            "callers_policy_reloaded",
            path=str(self._file.paths[0]),
            callers=len(policy.callers),
        )
        for hook in list(self._hooks):
            hook(policy)
