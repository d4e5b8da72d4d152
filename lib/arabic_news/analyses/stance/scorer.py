"""The stance scorer: hits of the framing lexicon in one document and their graded scores."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from ...core.context import Context
from ...core.document import Document
from ...core.match import Match
from ...core.text import DEFAULT_OPTIONS, NormalizeOptions, count_words, normalize
from .lexicon import LexiconRow, StanceLexicon, stance_lexicon
from .quotes import (
    DELETE_QUOTES,
    NAMING_BEFORE,
    QUOTE_CHARS,
    QUOTE_GROUP_OF,
    SO_CALLED_AFTER,
    SO_CALLED_BEFORE,
    QuoteIndex,
    find_quotes,
)
from .targets import Surroundings

if TYPE_CHECKING:
    import pandas as pd

#: default weight of a hit of intensity 0 (conventional), 1 (marked) and 2 (loaded)
DEFAULT_WEIGHTS = (0.25, 1.0, 2.0)
#: default strength of the symmetric Beta prior (1: uniform)
DEFAULT_PRIOR = 1.0

ScareMode = Literal["neutralize", "flip", "ignore"]
SoCalledMode = Literal["flip", "neutralize", "ignore"]


# --- spans --------------------------------------------------------------------------------------


class SpanIndex:
    """Sorted, non-overlapping raw spans (e.g. the paragraphs kept by cleaning), searched by
    bisection; ``None`` stands for the whole text."""

    def __init__(self, spans: Sequence[tuple[int, int]] | None) -> None:
        self.spans = None if spans is None else sorted((int(s), int(e)) for s, e in spans)
        self._starts = [] if self.spans is None else [s for s, _e in self.spans]

    def contains(self, start: int, end: int) -> bool:
        """Return True when [start, end) lies inside one span (always, for the whole text)."""
        if self.spans is None:
            return True
        k = bisect.bisect_right(self._starts, start) - 1
        return k >= 0 and end <= self.spans[k][1]


# --- scores -------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def graded_score(pro: float, anti: float, prior: float = DEFAULT_PRIOR, ci: float = 0.95) -> tuple[float, float, float]:
    """Return (score, low, high) for favourable weight ``pro`` and hostile weight ``anti``.

    ``score = (pro - anti) / (pro + anti + 2 * prior)``: the posterior mean of a Beta(prior + pro,
    prior + anti) share of favourable evidence, rescaled from [0, 1] to [-1, 1]; (low, high) is its
    central ``ci`` interval, rescaled the same way.
    """
    from scipy.special import betaincinv

    a, b = prior + pro, prior + anti
    alpha = (1 - ci) / 2
    low, high = (2 * float(betaincinv(a, b, q)) - 1 for q in (alpha, 1 - alpha))
    return (pro - anti) / (pro + anti + 2 * prior), low, high


# --- hits ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One lexicon term found in a document, with its raw span and how it counts.

    ``polarity`` is the direction the hit counts in (+1/-1; 0 for neutral names), after the
    so-called / scare-quote rules; ``lexicon_polarity`` is the lexicon's. ``voice`` says whose words
    the hit is: ``own`` (the outlet's), ``quoted`` (inside quotation marks, after a verb of saying and
    a colon, or neutralized by scare quotes) or ``reported`` (a claim in indirect speech: after a verb
    of saying and إن / أن "that"; a term that names its actor stays ``own`` there, the reporter's
    choice of name); only ``own`` hits count unless quoted words are included. ``quoted`` is True
    for every voice but ``own``. ``distance`` says why a hit was flipped or neutralized
    ("scare_quotes", "so_called" or ""). ``actor`` is the actor the hit counts for ("" for a generic
    label whose target was not found) and ``target_via`` how it was found: ``term``, ``name``,
    ``pronoun`` or ``clause`` ("" when not found). ``intensity`` is the lexicon's 0 (conventional),
    1 (marked) or 2 (loaded).
    """

    term: str
    text: str
    actor: str
    polarity: int
    lexicon_polarity: int
    category: str
    start: int
    end: int
    voice: str
    distance: str
    sentence: int
    intensity: int = 1
    target_via: str = "term"

    @property
    def quoted(self) -> bool:
        """Return True when the hit is not in the outlet's own voice (quoted or reported)."""
        return self.voice != "own"


def close_marks(m: Match, raw: str) -> Match:
    """Return ``m`` widened by one character at either end when that character is the other
    half of a quotation mark opened or closed inside the match (حكومة “الوفاق” rather than
    حكومة “الوفاق)."""
    raw_marks = sum(ch in QUOTE_GROUP_OF for ch in m.text)
    if raw_marks % 2 == 0:
        return m
    start, end = m.start, m.end
    if end < len(raw) and raw[end] in QUOTE_GROUP_OF:
        end += 1
    elif start > 0 and raw[start - 1] in QUOTE_GROUP_OF:
        start -= 1
    return Match(m.term, start, end, raw[start:end], m.suffix)


class StanceScorer:
    """Find framing hits and score documents, for one context (study pack and normalization).

    The lexicons are the context's study's; ``lexicon`` / ``neutral`` replace its framing lexicon /
    neutral names with DataFrames of the same columns. ``weights`` are the weights of intensities 0,
    1 and 2; ``prior`` the strength of the Beta prior (see :func:`graded_score`).
    """

    def __init__(
        self,
        ctx: Context,
        *,
        lexicon: pd.DataFrame | None = None,
        neutral: pd.DataFrame | None = None,
        scare_quotes: ScareMode = "neutralize",
        so_called: SoCalledMode = "flip",
        topic_gate: bool = True,
        max_quote_chars: int = 400,
        scare_max_words: int = 5,
        weights: Sequence[float] = DEFAULT_WEIGHTS,
        prior: float = DEFAULT_PRIOR,
    ) -> None:
        if not isinstance(ctx, Context):
            raise TypeError(f"StanceScorer needs a Context (Context.of('pack-name')), not {type(ctx).__name__}")
        if lexicon is None and neutral is None:
            self.lex = stance_lexicon(ctx)
        else:
            ctx.check()
            study = ctx.study
            self.lex = StanceLexicon(
                ctx, study.framing if lexicon is None else lexicon, study.neutral if neutral is None else neutral
            )
        self.ctx = ctx
        self.study, self.options = ctx.study, ctx.options
        self.lexicon, self.neutral, self.actors = self.lex.lexicon, self.lex.neutral, self.lex.actors
        self.scare_quotes, self.so_called = scare_quotes, so_called
        self.topic_gate, self.max_quote_chars = topic_gate, max_quote_chars
        self.scare_max_words = scare_max_words
        if len(weights) != 3 or prior <= 0:
            raise ValueError("weights needs three values (intensities 0, 1, 2) and prior must be > 0")
        self.weights, self.prior = tuple(float(w) for w in weights), float(prior)

    # --- actors and the axis --------------------------------------------------------------------

    @property
    def axis_name(self) -> str:
        """Return the axis as "plus_camp vs minus_camp" ("" without two camps)."""
        axis = self.study.axis
        return "" if axis is None else f"{axis[0].id} vs {axis[1].id}"

    def axis_sign(self, actor: str) -> int:
        """Return +1 when ``actor`` is favoured by the + camp, -1 by the - camp, 0 otherwise."""
        return self.lex.axis.get(actor, 0)

    def weight(self, intensity: int) -> float:
        """Return the weight of a hit of ``intensity``."""
        return self.weights[int(intensity)]

    # --- finding hits ---------------------------------------------------------------------------

    def _possible(self, doc: Document, spans: Sequence[tuple[int, int]] | None, view: str) -> bool:
        """Return False when no hit is possible: no term's key substring in the quote-free view,
        or (topic gate) no topic term in the text (the kept paragraphs, with ``spans``)."""
        if not self.lex.matcher.keys_in(view):
            return False
        topic = self.lex.topic
        if self.topic_gate and topic is not None:
            if spans is None:
                text = view
            elif doc.cleaned and spans == doc.kept_spans:
                text = "\n".join(p.norm for p in doc.kept_paragraphs)
            else:
                text = normalize("\n".join(doc.raw[s:e] for s, e in spans), self.options)
            if not topic.count(text, normalized=text):
                return False
        return True

    def _document(self, text: str | Document) -> Document:
        """Return ``text`` as a Document of this scorer's normalization."""
        return Document("", text, self.options) if isinstance(text, str) else text

    def find_hits(self, text: str | Document, spans: Sequence[tuple[int, int]] | None = None) -> list[Hit]:
        """Return every hit in a raw text or Document (neutral names included, polarity 0), in text
        order.

        ``spans`` restricts the hits to raw (start, end) spans; by default, the paragraphs cleaning
        kept (:meth:`~arabic_news.core.document.Document.keep`) or the whole text when the document
        is not cleaned. Offsets stay relative to the full raw text.
        """
        doc = self._document(text)
        if spans is None:
            spans = doc.kept_spans
        view = doc.text.translate(DELETE_QUOTES)
        if not self._possible(doc, spans, view):
            return []
        lex, raw = self.lex, doc.raw
        quote_free = doc.normalized.without(QUOTE_CHARS)
        inside = SpanIndex(spans)
        matches = [m for m in lex.matcher.finditer_normalized(quote_free) if inside.contains(m.start, m.end)]
        if not matches:
            return []
        quotes = QuoteIndex(find_quotes(doc, lex.saying, self.max_quote_chars))
        sentences = doc.sentences
        sentence_starts = [s.start for s in sentences]
        marked = [close_marks(m, raw) for m in matches]
        voices = [self._quotation(raw, m.start, m.end, quotes) for m in marked]
        so_called = [self._so_called(raw, m.start, m.end) for m in marked]
        context = None
        if any(r.generic for m in matches for r in lex.rows[m.term]):
            side = self._side_of_terms(marked, voices, so_called) if lex.shared else 0
            context = Surroundings(raw, quote_free, sentences, lex, side, doc.word_spans)
        hits = []
        for m, (voice, scare), before in zip(marked, voices, so_called):
            sentence = max(0, bisect.bisect_right(sentence_starts, m.start) - 1)
            for row in lex.rows[m.term]:
                actor, via = row.actor, "term"
                if row.generic and context is not None:
                    actor, via = context.target(m, row)
                actor = lex.scored_as.get(actor, actor)
                polarity, hit_voice, distance = self._voice(row, voice, scare, before)
                # "so-called X" (or X in scare quotes, flipped) denies legitimacy outright: loaded
                intensity = 2 if polarity == -row.polarity != 0 else row.intensity
                hits.append(
                    Hit(
                        m.term,
                        m.text,
                        actor,
                        polarity,
                        row.polarity,
                        row.category,
                        m.start,
                        m.end,
                        hit_voice,
                        distance,
                        sentence,
                        intensity,
                        via,
                    )
                )
        return hits

    def _voice(self, row: LexiconRow, voice: str, scare: bool, so_called: bool) -> tuple[int, str, str]:
        """Return (polarity, voice, distance) of a row matched in ``voice``, after the so-called and
        scare-quote rules. In indirect speech the reporter chooses how an actor is named: a term
        that names or describes its actor stays own voice there."""
        row_voice = "own" if voice == "reported" and row.names_actor else voice
        return self._apply_distance(row.polarity, row_voice, scare, so_called)

    def _side_of_terms(
        self, marked: Sequence[Match], voices: Sequence[tuple[str, bool]], so_called: Sequence[bool]
    ) -> int:
        """Return the side of the axis (+1 / -1) that every own-voice term naming its actor points
        to (rows with ``target=term``), 0 when they disagree or there is none."""
        sides = set()
        for m, (voice, scare), before in zip(marked, voices, so_called):
            for row in self.lex.rows[m.term]:
                if row.target == "term" and row.polarity:
                    polarity, hit_voice, _distance = self._voice(row, voice, scare, before)
                    if hit_voice == "own":
                        sides.add(polarity * self.axis_sign(self.lex.scored_as.get(row.actor, row.actor)))
        sides.discard(0)
        return sides.pop() if len(sides) == 1 else 0

    def _quotation(self, raw: str, start: int, end: int, quotes: QuoteIndex) -> tuple[str, bool]:
        """Return (voice, wrapped in scare quotes) for the hit [start, end): ``quoted`` inside quoted
        speech, else ``reported`` inside indirect speech, else ``own``."""
        voice, scare = "own", False
        for q in quotes.overlapping(start, end):
            words = quotes.words(q, raw, self.options)
            within = bool(words) and all(
                start <= q.inner_start + t.start and q.inner_start + t.end <= end for t in words
            )
            if q.kind == "marks" and within:
                if len(words) <= self.scare_max_words and any(t.norm not in self.lex.names for t in words):
                    scare = not self._names_it(raw, q.start)
            elif q.inner_start <= start and end <= q.inner_end:
                voice = "reported" if q.kind == "reported" and voice != "quoted" else "quoted"
        return voice, scare

    def _names_it(self, raw: str, start: int) -> bool:
        """Return True when the quotation opening at ``start`` gives a name (known as "...")."""
        return bool(NAMING_BEFORE.search(normalize(raw[max(0, start - 25) : start], self.options)))

    def _so_called(self, raw: str, start: int, end: int) -> bool:
        """Return True when the hit is introduced by "so-called" or followed by "alleged"."""
        before = normalize(raw[max(0, start - 40) : start], self.options)
        after = normalize(raw[end : end + 20], self.options)
        return bool(SO_CALLED_BEFORE.search(before) or SO_CALLED_AFTER.search(after))

    def _apply_distance(self, pol: int, voice: str, scare: bool, so_called: bool) -> tuple[int, str, str]:
        """Return (polarity, voice, distance) after the so-called and scare-quote rules."""
        if voice != "own" or pol == 0:
            return pol, voice, ""
        for flag, mode, name in ((so_called, self.so_called, "so_called"), (scare, self.scare_quotes, "scare_quotes")):
            if not flag or mode == "ignore":
                continue
            if mode == "flip" and pol > 0:
                return -1, "own", name
            return pol, "quoted", name
        return pol, "own", ""

    # --- scoring --------------------------------------------------------------------------------

    def counted(self, hits: Iterable[Hit], include_quoted: bool = False) -> list[Hit]:
        """Return the hits that count toward their actor's score: favourable or hostile (polarity
        != 0), with an actor, in the outlet's own voice unless ``include_quoted``."""
        return [h for h in hits if self.counts(h, include_quoted)]

    def counts(self, h: Hit, include_quoted: bool = False) -> bool:
        """Return True when hit ``h`` counts toward its actor's score (see :meth:`counted`)."""
        return h.polarity != 0 and bool(h.actor) and (include_quoted or not h.quoted)

    def graded(self, pro: float, anti: float, n: int) -> tuple[float | None, float, float]:
        """Return (score, low, high) of weights ``pro``/``anti`` from ``n`` hits (score None if n = 0)."""
        score, low, high = graded_score(round(pro, 6), round(anti, 6), self.prior)
        return (score if n else None), low, high

    def actor_scores(
        self, hits: Iterable[Hit], n_words: int, include_quoted: bool = False, actors: Sequence[str] | None = None
    ) -> dict[str, dict]:
        """Return ``{actor: {score, low, high, pro, anti, neutral, per_1000_words,
        intensity_per_1000_words}}``: ``pro`` and ``anti`` count the hits the score uses (None
        without any), ``neutral`` the neutral names of the actor (in the same voices), which weigh
        nothing."""
        actors = self.actors if actors is None else actors
        tally = {a: [0, 0, 0.0, 0.0, 0] for a in actors}  # pro, anti, pro weight, anti weight, neutral
        for h in hits:
            t = tally.get(h.actor)
            if t is None or (h.quoted and not include_quoted):
                continue
            if h.polarity == 0:
                t[4] += 1
                continue
            w = self.weight(h.intensity)
            if h.polarity > 0:
                t[0], t[2] = t[0] + 1, t[2] + w
            else:
                t[1], t[3] = t[1] + 1, t[3] + w
        out = {}
        for a, (pro, anti, wp, wa, neutral) in tally.items():
            score, low, high = self.graded(wp, wa, pro + anti)
            out[a] = {
                "score": score,
                "low": low,
                "high": high,
                "pro": pro,
                "anti": anti,
                "neutral": neutral,
                "per_1000_words": rate(pro + anti, n_words),
                "intensity_per_1000_words": rate(wp + wa, n_words),
            }
        return out

    def axis_side(self, h: Hit) -> int:
        """Return the side of the alignment axis hit ``h`` points to: +1, -1, or 0 (a neutral name,
        or an actor of neither camp)."""
        return h.polarity * self.axis_sign(h.actor)

    def alignment(self, hits: Iterable[Hit], include_quoted: bool = False) -> dict:
        """Return ``{axis, score, low, high, n_hits, n_neutral}``: the document's position between
        the two camps. ``n_hits`` counts exactly the hits the score uses: the favourable or hostile
        hits on an actor of either camp (own voice unless ``include_quoted``); without any, the score
        is None. ``n_neutral`` counts the neutral names of those actors (weighing nothing): None with
        ``n_neutral`` > 0 means "names the actors, takes no side in the lexicon's terms", None with
        both 0 "says nothing about them"."""
        pro = anti = 0.0
        n = neutral = 0
        for h in hits:
            if not self.axis_sign(h.actor) or (h.quoted and not include_quoted):
                continue
            side = self.axis_side(h)
            if side == 0:
                neutral += 1
            elif side > 0:
                n, pro = n + 1, pro + self.weight(h.intensity)
            else:
                n, anti = n + 1, anti + self.weight(h.intensity)
        score, low, high = self.graded(pro, anti, n)
        return {"axis": self.axis_name, "score": score, "low": low, "high": high, "n_hits": n, "n_neutral": neutral}

    def score(
        self, text: str | Document, spans: Sequence[tuple[int, int]] | None = None, include_quoted: bool = False
    ) -> dict:
        """Return ``{n_words, actors, alignment, hits}`` for a raw text or Document (the CLI record
        without metadata); ``spans`` as for :meth:`find_hits`."""
        doc = self._document(text)
        hits = self.find_hits(doc, spans)
        if spans is None or (doc.cleaned and spans == doc.kept_spans):
            n_words = doc.n_words
        else:
            n_words = document_words(doc.raw, spans, self.options)
        return {
            "n_words": n_words,
            "actors": self.actor_scores(hits, n_words, include_quoted),
            "alignment": self.alignment(hits, include_quoted),
            "hits": hits,
        }


def rate(value: float, n_words: int) -> float:
    """Return ``value`` per 1,000 words, rounded to 3 decimals (0 for an empty document)."""
    return round(1000 * value / n_words, 3) if n_words else 0.0


def document_words(
    raw: str, spans: Sequence[tuple[int, int]] | None = None, options: NormalizeOptions = DEFAULT_OPTIONS
) -> int:
    """Return the number of words of ``raw`` (only inside ``spans`` when given)."""
    if spans is None:
        return count_words(raw, options)
    return sum(count_words(raw[s:e], options) for s, e in spans)
