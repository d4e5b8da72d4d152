"""One document, prepared once: what every analysis reads.

spaCy's ``Doc`` is the model. A :class:`Document` holds the raw text exactly as received and computes,
the first time an analysis asks and never again, its normalized text, the offset map from that text
back to the raw one, its paragraphs (raw span, normalized text, words), sentences and word tokens.
Cleaning records on it which paragraphs it keeps (:meth:`Document.keep`); shingling, sources, stance
and the facts of the notebooks then read the kept paragraphs from the same object instead of
splitting or normalizing the text again.

A document is built where its batch is processed (a worker of the engine) from the record the corpus
reader made, reusing the normalized text the reader computed for its checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .text import (
    DEFAULT_OPTIONS,
    WORD_RE,
    NormalizedText,
    NormalizeOptions,
    Span,
    Token,
    normalize,
    normalize_with_offsets,
    sentences_in,
    split_paragraphs,
    word_spans,
)

if TYPE_CHECKING:
    import pandas as pd

    from .match import Match, PhraseMatcher


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a document: its raw span, its normalized text and words."""

    span: Span
    norm: str
    words: tuple[str, ...]

    @property
    def text(self) -> str:
        """Return the raw text of the paragraph."""
        return self.span.text

    @property
    def n_words(self) -> int:
        """Return the number of normalized words of the paragraph."""
        return len(self.words)


def paragraphs_of(
    raw: str,
    normalized: str | None = None,
    options: NormalizeOptions = DEFAULT_OPTIONS,
    norm_spans: Sequence[tuple[int, int]] | None = None,
    spans: Sequence[Span] | None = None,
) -> list[Paragraph]:
    """Return the paragraphs of ``raw`` with their normalized text and words.

    ``normalized`` (the document's normalized text) is reused when it splits into the same number of
    paragraphs; otherwise each paragraph is normalized with ``options``. ``norm_spans``: the (start,
    end) offsets of the paragraphs of ``normalized``, ``spans`` those of ``raw``
    (:func:`~arabic_news.core.text.split_paragraphs`), when they are already known.
    """
    spans = split_paragraphs(raw) if spans is None else spans
    norms: list[str] | None = None
    if normalized is not None:
        if norm_spans is None:
            norms = [p.text for p in split_paragraphs(normalized)]
        else:
            norms = [normalized[start:end] for start, end in norm_spans]
        if len(norms) != len(spans):
            norms = None
    if norms is None:
        norms = [normalize(p.text, options) for p in spans]
    return [Paragraph(sp, n, tuple(WORD_RE.findall(n))) for sp, n in zip(spans, norms)]


class Document:
    """A document prepared once (see the module docstring).

    ``text``: its normalized text when already known (the corpus reader's); ``norm_spans``: the
    offsets of the paragraphs of that text, when already known (the template pass finds them).
    """

    __slots__ = (
        "doc_id",
        "raw",
        "options",
        "_text",
        "_norm_spans",
        "_normalized",
        "_spans",
        "_paragraphs",
        "_sentences",
        "_tokens",
        "_words",
        "kept",
        "removed",
    )

    def __init__(
        self,
        doc_id: str,
        raw: str,
        options: NormalizeOptions = DEFAULT_OPTIONS,
        *,
        text: str | None = None,
        norm_spans: Sequence[tuple[int, int]] | None = None,
    ) -> None:
        self.doc_id, self.raw, self.options = doc_id, raw, options
        self._text = text
        self._norm_spans = norm_spans
        self._normalized: NormalizedText | None = None
        self._spans: list[Span] | None = None
        self._paragraphs: list[Paragraph] | None = None
        self._sentences: list[Span] | None = None
        self._tokens: list[Token] | None = None
        self._words: tuple[list[str], list[int], list[int]] | None = None
        #: the numbers of the paragraphs cleaning keeps, in order (None: not cleaned, all of them)
        self.kept: tuple[int, ...] | None = None
        #: the paragraphs cleaning removed, each with its reason (see :mod:`arabic_news.analyses.cleaning`)
        self.removed: list[dict] = []

    def __repr__(self) -> str:
        return f"Document({self.doc_id!r}, {len(self.raw)} characters)"

    # --- the text, computed once --------------------------------------------------------------

    @property
    def text(self) -> str:
        """Return the normalized text."""
        if self._text is None:
            self._text = self._normalized.text if self._normalized is not None else normalize(self.raw, self.options)
        return self._text

    @property
    def normalized(self) -> NormalizedText:
        """Return the normalized text with its offset map back to the raw text."""
        if self._normalized is None:
            self._normalized = normalize_with_offsets(self.raw, self.options)
        return self._normalized

    @property
    def norm_spans(self) -> Sequence[tuple[int, int]]:
        """Return the (start, end) offsets of the lines (paragraphs) of the normalized text."""
        if self._norm_spans is None:
            self._norm_spans = [(p.start, p.end) for p in split_paragraphs(self.text)]
        return self._norm_spans

    @property
    def spans(self) -> list[Span]:
        """Return the raw spans of the paragraphs (:func:`~arabic_news.core.text.split_paragraphs`)."""
        if self._spans is None:
            self._spans = split_paragraphs(self.raw)
        return self._spans

    @property
    def paragraphs(self) -> list[Paragraph]:
        """Return the paragraphs with their normalized text and words (:func:`paragraphs_of`)."""
        if self._paragraphs is None:
            self._paragraphs = paragraphs_of(self.raw, self.text, self.options, self.norm_spans, self.spans)
        return self._paragraphs

    @property
    def sentences(self) -> list[Span]:
        """Return the sentences of the raw text (never crossing a paragraph)."""
        if self._sentences is None:
            self._sentences = sentences_in(self.raw, self.spans)
        return self._sentences

    @property
    def tokens(self) -> list[Token]:
        """Return the word tokens, normalized, each with its raw offsets."""
        if self._tokens is None:
            norms, starts, ends = self.word_spans
            raw = self.raw
            self._tokens = [Token(w, s, e, raw[s:e]) for w, s, e in zip(norms, starts, ends)]
        return self._tokens

    @property
    def word_spans(self) -> tuple[list[str], list[int], list[int]]:
        """Return the normalized words and the raw start and end of each (the tokens, as lists)."""
        if self._words is None:
            self._words = word_spans(self.normalized)
        return self._words

    def find(self, matcher: PhraseMatcher) -> list[Match]:
        """Return the matches of ``matcher`` in the text, with raw offsets (the offset map is built
        only when something matches)."""
        if matcher.options != self.options:
            raise ValueError("the matcher normalizes with other options than the document: build both from one Context")
        return matcher.find_in(self.text, lambda: self.normalized)

    # --- what cleaning keeps ------------------------------------------------------------------

    def keep(self, kept: Iterable[int], removed: list[dict]) -> None:
        """Record the paragraphs cleaning keeps (their numbers) and those it removes."""
        self.kept = tuple(kept)
        self.removed = removed

    @property
    def cleaned(self) -> bool:
        """Return True once cleaning has recorded what it keeps."""
        return self.kept is not None

    @property
    def kept_paragraphs(self) -> list[Paragraph]:
        """Return the paragraphs cleaning keeps (every paragraph when the document is not cleaned)."""
        if self.kept is None:
            return self.paragraphs
        return [self.paragraphs[i] for i in self.kept]

    @property
    def kept_spans(self) -> list[tuple[int, int]] | None:
        """Return the raw (start, end) spans of the paragraphs kept (None: not cleaned, the whole text)."""
        if self.kept is None:
            return None
        return [(p.span.start, p.span.end) for p in self.kept_paragraphs]

    @property
    def n_words(self) -> int:
        """Return the number of words of the article text: the kept paragraphs, or the whole text."""
        if self.kept is None:
            return len(self._words[0]) if self._words is not None else len(WORD_RE.findall(self.text))
        return sum(p.n_words for p in self.kept_paragraphs)

    @property
    def clean_raw(self) -> str:
        """Return the raw text of the kept paragraphs, joined with a blank line."""
        return "\n\n".join(p.text for p in self.kept_paragraphs)

    @property
    def clean_text(self) -> str:
        """Return the normalized text of the kept paragraphs, joined with a blank line."""
        return "\n\n".join(p.norm for p in self.kept_paragraphs)


def documents(df: pd.DataFrame, options: NormalizeOptions = DEFAULT_OPTIONS) -> list[Document]:
    """Return a Document for each row of a corpus DataFrame (its ``doc_id`` and ``raw`` text),
    normalized with ``options``."""
    return [Document(str(d), r, options) for d, r in zip(df["doc_id"], df["raw"])]


def from_records(records: Iterable[dict], options: NormalizeOptions = DEFAULT_OPTIONS) -> list[Document]:
    """Return a Document for each record of the corpus reader (``doc_id``, ``raw`` and the ``text``
    it normalized with the same ``options``)."""
    return [Document(str(r["doc_id"]), r["raw"], options, text=r.get("text")) for r in records]
