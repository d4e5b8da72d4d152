"""arabic_news: load, normalize, match and analyse Arabic news text for framing studies.

The package has four layers, each importing only from the layers below it:

* :mod:`arabic_news.core`: text, matching, corpus loading, study packs, shingles, worker pool;
* :mod:`arabic_news.analyses`: cleaning, near-duplicates, alignment, sources, templates, keyness,
  naming, stance;
* :mod:`arabic_news.display`: right-to-left tables, the concordance, charts, notebook setup;
* :mod:`arabic_news.cli`: the ``arabic-news`` command and the report builder.

Every public name of every layer is also available here (``from arabic_news import load_corpus``).
Import time stays low: each name is loaded on first use, with the heavy libraries it needs.
"""

from __future__ import annotations

from typing import Any

from ._lazy import lazy_exports
from .analyses import EXPORTS as _ANALYSES
from .cli import EXPORTS as _CLI
from .core import EXPORTS as _CORE
from .display import EXPORTS as _DISPLAY

#: public name -> "layer.module"
EXPORTS = {
    name: f"{layer}.{module}"
    for layer, exports in (("core", _CORE), ("analyses", _ANALYSES), ("display", _DISPLAY), ("cli", _CLI))
    for name, module in exports.items()
}

__all__, _public = lazy_exports(__name__, EXPORTS)


def __getattr__(name: str) -> Any:
    """Return a public name (loaded on first use), or ``__version__`` from the installed metadata."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("arabic-news")
        except PackageNotFoundError:  # a source tree that is not installed
            return "0+unknown"
    return _public(name)
