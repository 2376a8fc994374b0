"""CI check of the README's quickstart, as a new user meets it: a fresh clone of HEAD in a temporary
folder, `./scripts/serve` there in the background (it makes the clone's own .venv; pip's cache keeps
that short), the README's `recognize` command against it, then SIGTERM, which must exit 0.

Usage: python scripts/check_quickstart.py

The gateway listens on free ports (`./scripts/serve --port 0 --metrics-port 0`, and `--target` for
`recognize`) because CI machines may run other gateways on the default 50051. The clone gets the
environment of a new user: no OCR_* variables and neither this checkout's .venv nor its PATH entry.
Only the standard library is used, so any python3 runs it.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Bootstrapping a .venv with an empty pip cache can take minutes; with the cache, seconds.
START_TIMEOUT_SECONDS = 600.0
CALL_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 30.0
# The readable output names the receipt's typed fields; the emulator answers the vendor's example.
TYPED_RESULT = re.compile(r"store_?info\.name\b.*emart", re.IGNORECASE)


class QuickstartError(Exception):
    """The quickstart failed; the message says at which step and what it printed."""


def _new_user_env() -> dict[str, str]:
    """This environment without what belongs to this checkout or configures a gateway."""
    dropped = {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"}
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in dropped and not key.startswith("OCR_")
    }
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p and not _inside(Path(p), ROOT)]
    env["PATH"] = os.pathsep.join(path)
    env["OCR_LOG_FORMAT"] = "json"  # read by this check; a terminal would get the console format
    return env


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder)
    except ValueError:
        return False
    return True


def _run(*args: str, cwd: Path, env: dict[str, str], timeout: float) -> str:
    result = subprocess.run(
        list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise QuickstartError(
            f"`{' '.join(args)}` exited {result.returncode}:\n{result.stdout}{result.stderr}"
        )
    return result.stdout


class _Output:
    """The merged output of a process, read line by line in a thread (so its pipe never fills)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._process = process
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            self.lines.append(line)

    def wait_for_event(self, event: str, timeout: float) -> dict[str, object]:
        deadline = time.monotonic() + timeout
        seen = 0
        while time.monotonic() < deadline:
            for line in self.lines[seen:]:
                seen += 1
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if isinstance(record, dict) and record.get("event") == event:
                    return record
            if self._process.poll() is not None and seen == len(self.lines):
                self._thread.join(timeout=5)
                if seen == len(self.lines):
                    raise QuickstartError(
                        f"./scripts/serve exited {self._process.returncode} before {event}:\n"
                        + self.tail()
                    )
            time.sleep(0.2)
        raise QuickstartError(f"no {event} within {timeout:.0f} s:\n" + self.tail())

    def tail(self, count: int = 40) -> str:
        return "".join(self.lines[-count:])


def check_quickstart() -> dict[str, float]:
    """Run the quickstart in a fresh clone; return the seconds each step took."""
    timings: dict[str, float] = {}
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    env = _new_user_env()
    with tempfile.TemporaryDirectory(prefix="quickstart-") as work:
        clone = Path(work) / "clova-ocr-gateway"
        started = time.monotonic()
        _run(
            "git",
            "clone",
            "-q",
            "--no-checkout",
            str(ROOT),
            str(clone),
            cwd=ROOT,
            env=env,
            timeout=120,
        )
        _run("git", "checkout", "-q", "--detach", commit, cwd=clone, env=env, timeout=120)
        timings["clone"] = time.monotonic() - started

        started = time.monotonic()
        # The script execs the gateway, so this process is the gateway once bootstrap is done.
        serve = subprocess.Popen(
            ["./scripts/serve", "--port", "0", "--metrics-port", "0"],
            cwd=clone,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        output = _Output(serve)
        try:
            ready = output.wait_for_event("gateway_started", START_TIMEOUT_SECONDS)
            timings["serve (bootstrap included)"] = time.monotonic() - started

            started = time.monotonic()
            result = subprocess.run(
                [".venv/bin/clova-ocr-gateway", "recognize", "receipt", "examples/receipt.png",
                 "--target", f"127.0.0.1:{ready['port']}"],
                cwd=clone, env=env, capture_output=True, text=True,
                timeout=CALL_TIMEOUT_SECONDS, check=False,
            )  # fmt: skip
            timings["recognize"] = time.monotonic() - started
            if result.returncode != 0 or not TYPED_RESULT.search(result.stdout):
                raise QuickstartError(
                    f"recognize exited {result.returncode} without the receipt's typed store"
                    f" name:\n{result.stdout}{result.stderr}"
                )

            started = time.monotonic()
            serve.send_signal(signal.SIGTERM)
            try:
                code = serve.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                raise QuickstartError(
                    f"no exit within {STOP_TIMEOUT_SECONDS:.0f} s of SIGTERM:\n" + output.tail()
                ) from None
            timings["SIGTERM to exit"] = time.monotonic() - started
            if code != 0:
                raise QuickstartError(f"SIGTERM: exit code {code}, not 0:\n" + output.tail())
        finally:
            if serve.poll() is None:
                serve.kill()
                serve.wait(timeout=10)
    return timings


def main() -> int:
    try:
        timings = check_quickstart()
    except (QuickstartError, subprocess.TimeoutExpired) as exc:
        print(f"quickstart from a fresh clone FAILED: {exc}", file=sys.stderr)
        return 1
    steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items())
    print(f"quickstart from a fresh clone: OK ({steps}; total {sum(timings.values()):.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
