"""JupyterLab with the package's Arabic face: ``arabic-news lab [--notebooks notebooks]`` (``make lab``).

JupyterLab draws text with the fonts of the machine, and a machine without an Arabic font that has
ٱ (alef wasla) shows a box for it. This command serves the face the charts and the report use (Noto
Sans Arabic, installed with the package) to JupyterLab as custom CSS: the font file and a style sheet
in ``custom/`` of a Jupyter configuration folder of the project (``build/jupyter`` by default, so the
user's own configuration is left alone), whose ``@font-face`` covers the Arabic blocks only. Latin
text keeps JupyterLab's fonts. The same works on every system, Windows included.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..display.rendering import ARABIC_FONT, arabic_font_path

#: the Arabic blocks the served face covers (as the report's embedded face)
UNICODE_RANGE = "U+0600-06FF, U+0750-077F, U+08A0-08FF, U+FB50-FDFF, U+FE70-FEFF"
_CSS = """/* written by `arabic-news lab`: JupyterLab draws Arabic with {family} (ٱ included) */
@font-face {{ font-family: "{family}"; src: url("{file}") format("truetype"); unicode-range: {ranges}; }}
:root {{
  --jp-content-font-family: "{family}", system-ui, -apple-system, blinkmacsystemfont, "Segoe UI", helvetica,
    arial, sans-serif;
  --jp-ui-font-family: "{family}", system-ui, -apple-system, blinkmacsystemfont, "Segoe UI", helvetica, arial,
    sans-serif;
  --jp-code-font-family: "{family}", menlo, consolas, "DejaVu Sans Mono", monospace;
}}
"""


def write_custom_css(config_dir: Path) -> Path:
    """Write the Arabic face and the style sheet that serves it into ``config_dir/custom``; return the
    style sheet's path."""
    custom = config_dir / "custom"
    custom.mkdir(parents=True, exist_ok=True)
    font = arabic_font_path()
    shutil.copyfile(font, custom / font.name)
    css = custom / "custom.css"
    css.write_text(_CSS.format(family=ARABIC_FONT, file=font.name, ranges=UNICODE_RANGE), encoding="utf-8")
    return css


def lab_command(notebooks: Path, extra: list[str]) -> list[str]:
    """Return the command that starts JupyterLab on ``notebooks`` with the custom style sheet loaded."""
    root = ["--allow-root"] if hasattr(os, "getuid") and os.getuid() == 0 else []  # a container, a CI machine
    return [sys.executable, "-m", "jupyterlab", "--LabApp.custom_css=True", *root, *extra, str(notebooks)]


def main(argv: list[str] | None = None) -> int:
    """Start JupyterLab with the Arabic face; return its exit status."""
    parser = argparse.ArgumentParser(prog="arabic-news lab", description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", type=Path, default=Path("notebooks"), help="the folder to open")
    parser.add_argument(
        "--config-dir",
        type=Path,
        default=Path("build") / "jupyter",
        help="the Jupyter configuration folder that serves the face (default: build/jupyter)",
    )
    args, extra = parser.parse_known_args(argv)
    css = write_custom_css(args.config_dir)
    print(f"lab: Arabic face served from {css.parent}", flush=True)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(args.config_dir.resolve())}
    return subprocess.call(lab_command(args.notebooks, extra), env=env)


if __name__ == "__main__":
    sys.exit(main())
