"""The context of an analysis: the study pack and the normalization options, resolved once.

scikit-learn's ``build_analyzer`` is the model: the parameters are turned into one object where the
user gives them (the command line, a notebook call, a public convenience function), and everything
after receives that object instead of re-reading or re-deriving them. Nothing about the study or the
options travels hidden (in ``DataFrame.attrs``, a module-level default): a function that needs
lexicons takes a :class:`Context`, and a Yemen corpus analysed with the Yemen context never meets a
Libya term.

The objects built from a context's lexicons (matchers, cue tables) are expensive and the same for
every batch, so :func:`context_cached` keeps them per process, keyed by the study's
:attr:`~arabic_news.core.study.Study.fingerprint` and the options: a worker that receives the same
context with each batch builds them once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import TypeVar

from .study import Study, load_study
from .text import DEFAULT_OPTIONS, NormalizeOptions

T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    """A study pack and the normalization options every analysis of one run uses."""

    study: Study
    options: NormalizeOptions = DEFAULT_OPTIONS

    @classmethod
    def of(
        cls,
        study: str | Path | Study,
        options: NormalizeOptions = DEFAULT_OPTIONS,
        *,
        lexicon: str | Path | None = None,
    ) -> Context:
        """Return the context of a study pack given by name (``arabic-news studies`` lists them),
        folder or :class:`Study`, with ``options``; ``lexicon``: a framing lexicon CSV that replaces
        the pack's (validated now)."""
        if study is None:
            raise TypeError("name the study pack (`arabic-news studies` lists them) or give its folder")
        pack = load_study(study)
        if lexicon is not None:
            pack = pack.with_lexicon(lexicon)
        return cls(pack, options)

    @property
    def key(self) -> tuple[str, NormalizeOptions]:
        """Return what identifies the objects built from this context: the study's fingerprint
        (its files' contents) and the options."""
        return self.study.fingerprint, self.options

    def check(self) -> Context:
        """Return this context after checking that its options keep the folds the study's
        lexicons rely on (:meth:`~arabic_news.core.study.Study.check_options`)."""
        self.study.check_options(self.options)
        return self


#: objects built per context and kept per process: (builder, context key) -> object
_BUILT: dict[tuple[str, tuple[str, NormalizeOptions]], object] = {}
#: contexts kept per process before the cache is emptied (a run uses one or two)
_KEEP = 32


def context_cached(builder: Callable[[Context], T]) -> Callable[[Context], T]:
    """Return ``builder`` with its result kept per process for each context (see the module
    docstring); the options are checked against the study before anything is built."""
    name = f"{builder.__module__}.{builder.__qualname__}"

    @wraps(builder)
    def get(ctx: Context) -> T:
        key = (name, ctx.key)
        if key not in _BUILT:
            if len(_BUILT) >= _KEEP:
                _BUILT.clear()
            _BUILT[key] = builder(ctx.check())
        return _BUILT[key]  # type: ignore[return-value]

    return get
