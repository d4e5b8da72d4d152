"""Shared by the benchmark scripts: write one section of benchmarks/README.md."""

from __future__ import annotations

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
