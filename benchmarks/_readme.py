"""Shared by the benchmark scripts: write one section of benchmarks/README.md."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent / "README.md"


def write_section(section: str, text: str) -> None:
    """Replace the ``section`` heading's block in benchmarks/README.md by ``text`` (or append it)."""
    old = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    if section in old:
        head, _, rest = old.partition(section)
        tail = rest[rest.find("\n## ") :] if "\n## " in rest else ""
        new = head + text + tail
    else:
        new = old.rstrip() + "\n\n" + text
    README.write_text(new.rstrip() + "\n", encoding="utf-8")


def run_worker(script: str, args: list[str]) -> tuple[dict, float]:
    """Run ``script`` in worker mode in a fresh process; return its JSON result and its peak memory (MB)."""
    proc = subprocess.Popen([sys.executable, script, *args], stdout=subprocess.PIPE)
    out = proc.stdout.read()  # type: ignore[union-attr]
    _pid, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise RuntimeError(f"worker {args} failed with status {status}")
    return json.loads(out), usage.ru_maxrss / 1024


def machine() -> str:
    """Return a one-line description of this machine."""
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )
