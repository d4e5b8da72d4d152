"""How the command line prints results: JSON, or plain-text tables."""

from __future__ import annotations

import json
from typing import Any, TextIO


def write_json(data: Any, out: TextIO) -> None:
    """Write ``data`` as indented UTF-8 JSON and a final newline."""
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_table(data: Any, out: TextIO) -> None:
    """Write records (or a dict of record lists) as plain-text tables."""
    import pandas as pd

    def flat(v: Any) -> Any:
        return json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v

    if isinstance(data, dict):
        for key, value in data.items():
            out.write(f"== {key} ==\n")
            write_table(value, out)
            out.write("\n")
        return
    rows = [{k: flat(v) for k, v in r.items()} for r in data]
    out.write((pd.DataFrame(rows).to_string(index=False) if rows else "(none)") + "\n")


WRITERS = {"json": write_json, "table": write_table}
