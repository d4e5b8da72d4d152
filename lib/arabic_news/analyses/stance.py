"""Stance and framing toward the actors of a conflict, graded, with evidence for every number.

A study's framing lexicon (see :mod:`arabic_news.core.study`) lists expressions such as
مليشيات حفتر ("Haftar's militias", hostile) or المشير خليفة حفتر ("Field Marshal Khalifa
Haftar", legitimizing), each with a polarity of +1 (legitimizing / favourable) or -1
(delegitimizing / hostile) and an **intensity**: 0 conventional (a name a neutral wire service also
writes), 1 marked (a deliberate choice of one camp), 2 loaded (abusive, criminalizing, or a strong
claim about legitimacy, victory or guilt). Matching goes through
:class:`arabic_news.core.match.PhraseMatcher` (normalized, clitic- and suffix-aware), so every hit
keeps its raw-text span.

Rules, in the order they are applied to one document:

1. **Matching view.** Quotation marks are removed from the normalized text before matching, so a
   term still matches when an outlet puts quotes around a name inside it (حكومة “الوفاق” الشرعية,
   "the legitimate 'GNA' government"). Offsets still map to the raw text. The study's ``fillers``
   may stand between the words of a term (الجنرال الليبي المتقاعد is الجنرال المتقاعد).
2. **Topic gate** (``topic_gate=True``): a document that never mentions one of the study's topic
   terms gets no hits: generic labels such as الحكومة الشرعية ("the legitimate government")
   designate other governments in other conflicts' coverage.
3. **Target.** A row with ``target=term`` counts for its actor: the term names it (مليشيات حفتر).
   A generic label (``target=context``: مليشيات "militias", مرتزقة "mercenaries", الإرهابية
   "terrorist"...) counts for the actor it attaches to in the text, found in this order
   (``Hit.target_via``):

   * ``pronoun``: the label carries an attached pronoun (مليشياته, "his militias"); its antecedent is
     the nearest actor named before it, in the same sentence or the one before (at most
     :data:`CONTEXT_CHARS` characters back), that the pronoun can refer to (the manifest's
     ``pronouns`` of each actor: ه for a man, ها for a state);
   * ``name``: an actor is named right after the label (مليشيا الجنرال الانقلابي خليفة حفتر), or at
     most :data:`NAME_WINDOW` - 1 words later in the same clause when only linking words stand
     between them (the ``linker`` cues of the study's ``target_cues`` lexicon, by default the
     package's general list: مرتزقة تابعين لحكومة الوفاق, "mercenaries belonging to
     the GNA"). A name *before* a label is not its owner (قوات الوفاق تقاتل الإرهابيين): that is
     the clause rule's business;
   * ``clause``: only for labels without a default actor: the clause (the words between two
     punctuation marks, at most :data:`CONTEXT_CHARS` characters on each side of the label) names
     actors of one side only. The label is that actor's, unless a word of
     fighting or accusation (ضد "against", كمين "ambush", تطهير "cleansing", اتهام "accusation",
     the ``fighting`` and ``accusation`` cues of ``target_cues``) stands between them, or a word of fighting
     stands right before the actor's name (تقاتل قوات الوفاق الإرهابيين, verb - subject -
     object): then the label designates its opponent (the first key actor of the other camp);
   * ``term``: otherwise the row's own actor (the label's usual referent in the study's coverage);
     a label without one is kept in the hits table with an empty actor and not scored.

   Names of actors come from the study's actor lexicon (names and titles); an actor's hits count
   for the actor it is ``scored_as`` (Haftar's forces for Haftar).
4. **Quoted speech.** Spans between quotation marks (“…” ”…“ "…" «…» ‘…’, at most
   ``max_quote_chars`` characters and never across a paragraph) and after a verb of saying (the
   ``verb`` and ``speech`` cues of the study's attribution lexicon) with a colon (قال: ... up to the
   end of the sentence) are quoted speech. A hit inside them is ``quoted=True`` and, by default,
   does not count toward the outlet's own-voice score (the ``*_quoted`` columns and
   ``include_quoted=True`` report it).
5. **Scare quotes.** A short quotation (at most ``scare_max_words`` words) that lies entirely
   inside a hit and holds at least one word that is not a plain proper name (the words of the
   study's proper names: حفتر, الوفاق, السراج...) distances the outlet from the term:
   قوات "الجيش الوطني الليبي". Quotes around a plain name (“خليفة حفتر”) are ignored, and so are
   quotes that give a name (المعروفة باسم "الجيش الوطني الليبي", "known as 'the LNA'").
   ``scare_quotes`` decides: ``"neutralize"`` (default: the hit is treated as quoted), ``"flip"``
   (a legitimizing term counts as hostile; a hostile term is neutralized), ``"ignore"``.
6. **So-called.** A term preceded by ما يسمى / ما يعرف بـ / المسمى ("so-called") or followed by
   المزعوم ("alleged") is reversed when legitimizing (``so_called="flip"``) and neutralized when
   hostile. A reversed term counts as loaded (intensity 2): "so-called" denies legitimacy outright.

**Scores** (:func:`graded_score`). Each own-voice hit weighs ``weights[intensity]`` (default 0.25,
1 and 2 for intensities 0, 1 and 2). With ``P`` the summed weight of favourable hits and ``N`` of
hostile ones, the score is the posterior mean of a Beta model of the share of favourable evidence,
rescaled to [-1, 1], with a symmetric Beta(``prior``, ``prior``) prior (default 1, uniform)::

    score = (P - N) / (P + N + 2 * prior)

so one light hit stays near 0, one loaded hit gives ±0.5, and more and stronger evidence moves the
score further, never reaching ±1. The interval is the central 95 % of the posterior
Beta(prior + P, prior + N), rescaled the same way; without any hit the score is None and the
interval that of the prior. ``per_1000_words`` counts hits per 1,000 words and
``intensity_per_1000_words`` their weights.

**Camp alignment.** The study's first two camps define an axis (the first camp is +). A hit favourable
to an actor the + camp favours, or hostile to an actor the - camp favours, points + (and the reverse
-); hits on actors of neither camp are left out. The document's alignment is :func:`graded_score`
of all its own-voice hits on the axis, whatever their actor.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from ..core.match import Match, PhraseMatcher
from ..core.study import CATEGORIES, Study, options_of, resolve_study
from ..core.text import (
    DEFAULT_OPTIONS,
    WORD_RE,
    NormalizedText,
    NormalizeOptions,
    count_words,
    normalize,
    normalize_with_offsets,
    split_paragraphs,
    split_sentences,
    tokenize,
)

if TYPE_CHECKING:
    import pandas as pd

#: quotation marks; marks in one group close each other (Arabic web copy mixes “…” and ”…“)
QUOTE_GROUPS = ("“”„‟", "«»", '"', "‘’")
QUOTE_CHARS = "".join(QUOTE_GROUPS)
_QUOTE_GROUP_OF = {ch: group for group in QUOTE_GROUPS for ch in group}
_DELETE_QUOTES = {ord(ch): None for ch in QUOTE_CHARS}

_SO_CALLED_BEFORE = re.compile(
    r"(?:ما\s+[يت]سمي|ما\s+[يت]سمي\s+نفسه|ما\s+[يت]عرف|ما\s+[يت]طلق\s+علي\s*(?:ه|ها)?(?:\s+اسم)?|"
    r"ما\s+[يت]دعي|ما\s+[يت]سميه|ما\s+[يت]سميها|المسمي|المسماه|المدعو|المزعوم|المزعومه|"
    r"[يت](?:طلق|سمي)\s+(?:علي\s+)?نفس(?:ه|ها|هم)(?:\s+اسم)?)"
    r"\s*(?:ب\s*)?[^\w\s]*\s*$"
)
_SO_CALLED_AFTER = re.compile(r"^[^\w\s]*\s*(?:المزعوم|المزعومه|المزعومين)(?!\w)")

#: default weight of a hit of intensity 0 (conventional), 1 (marked) and 2 (loaded)
DEFAULT_WEIGHTS = (0.25, 1.0, 2.0)
#: default strength of the symmetric Beta prior (1: uniform)
DEFAULT_PRIOR = 1.0
#: a generic label attaches to an actor named at most this many words after it (same clause)
NAME_WINDOW = 4
#: the farthest (in characters) that target attribution looks around a label: a clause is cut to
#: this many characters on each side, a pronoun's antecedent is sought at most this far back (a
#: transcript without punctuation is one long clause)
CONTEXT_CHARS = 300
#: what ends a clause for target attribution: punctuation (Arabic and Latin) and line breaks;
#: quotation marks do not (quotes around a name are a house style of some sites)
CLAUSE_BREAKS = "،,؛;:.!?؟()[]{}…–—\n"
#: a quotation introduced by one of these words (known as "...", called "...") gives a name, it
#: does not distance the outlet from it (ما يسمى, "so-called", is the so-called rule)
_NAMING_BEFORE = re.compile(r"(?<!ما )(?<!ما)\b(?:باسم|اسم|[يت]سمي|[يت]دعي|المعروف|المعروفه)\s*$")

ScareMode = Literal["neutralize", "flip", "ignore"]
SoCalledMode = Literal["flip", "neutralize", "ignore"]


# --- quotation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    """A quoted span of raw text: marks included (``start``/``end``) and the text inside them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    kind: str  # "marks" or "colon"


def _mark_quotes(raw: str, max_chars: int) -> list[Quote]:
    """Return the spans between matching quotation marks (unbalanced marks are skipped)."""
    quotes = []
    for para in split_paragraphs(raw):
        i, hi = para.start, para.end
        while i < hi:
            group = _QUOTE_GROUP_OF.get(raw[i])
            if group is None:
                i += 1
                continue
            limit = min(hi, i + 1 + max_chars)
            j = next((k for k in range(i + 1, limit) if raw[k] in group), None)
            if j is None:
                i += 1
                continue
            quotes.append(Quote(i, j + 1, i + 1, j, "marks"))
            i = j + 1
    return quotes


@lru_cache(maxsize=16)
def saying_matcher(study: Study | None = None, options: NormalizeOptions = DEFAULT_OPTIONS) -> PhraseMatcher:
    """Return the matcher of the verbs and speech words (قال, مضيفا, ...) of the study's
    attribution lexicon, without pronoun suffixes."""
    lex = resolve_study(study).lexicon("attribution")
    return PhraseMatcher(lex.loc[lex["role"].isin(["verb", "speech"]), "term"], options=options, suffixes=False)


def _colon_quotes(raw: str, max_chars: int, saying: PhraseMatcher) -> list[Quote]:
    """Return the spans after ``verb of saying ... :`` (the verb at most 80 characters before
    the colon, in the same sentence) up to the end of the sentence."""
    quotes = []
    sentences = split_sentences(raw)
    starts = [s.start for s in sentences]
    for colon in [i for i, ch in enumerate(raw) if ch == ":"]:
        k = bisect.bisect_right(starts, colon) - 1
        if k < 0 or colon >= sentences[k].end:
            continue
        sentence = sentences[k]
        if not saying.find(raw[max(sentence.start, colon - 80) : colon]):
            continue
        start = colon + 1
        end = min(sentence.end, start + max_chars)
        while end > start and raw[end - 1] in ".!?؟…":  # the sentence's own full stop is not quoted
            end -= 1
        if raw[start:end].strip():
            quotes.append(Quote(start, end, start, end, "colon"))
    return quotes


def find_quotes(raw: str, max_chars: int = 400, saying: PhraseMatcher | None = None) -> list[Quote]:
    """Return the quoted spans of ``raw`` (between marks, and after a verb of saying + colon;
    ``saying`` defaults to :func:`saying_matcher` of the default study), sorted by start."""
    return sorted(
        _mark_quotes(raw, max_chars) + _colon_quotes(raw, max_chars, saying or saying_matcher()),
        key=lambda q: (q.start, q.end),
    )


class QuoteIndex:
    """The quotations of one document, for lookups in time independent of their number: sorted by
    start, so the quotes that can overlap a span are found by bisection (a quotation is never
    longer than the longest one found)."""

    def __init__(self, quotes: Sequence[Quote]) -> None:
        self.quotes = sorted(quotes, key=lambda q: (q.start, q.end))
        self._starts = [q.start for q in self.quotes]
        self._longest = max((q.end - q.start for q in self.quotes), default=0)
        self._words: dict[Quote, list] = {}

    def words(self, q: Quote, raw: str, options: NormalizeOptions) -> list:
        """Return the word tokens inside quote ``q`` of ``raw`` (computed once per quote)."""
        if q not in self._words:
            self._words[q] = tokenize(raw[q.inner_start : q.inner_end], options)
        return self._words[q]

    def overlapping(self, start: int, end: int) -> list[Quote]:
        """Return the quotes that overlap the raw span [start, end)."""
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        return [q for q in self.quotes[lo:hi] if q.end > start and q.start < end]


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
    so-called / scare-quote rules; ``lexicon_polarity`` is the lexicon's. ``quoted`` hits are
    words the outlet quotes (or neutralizes with scare quotes); ``distance`` says why a hit was
    flipped or neutralized ("scare_quotes", "so_called" or ""). ``actor`` is the actor the hit
    counts for ("" for a generic label whose target was not found) and ``target_via`` how it was
    found: ``term``, ``name``, ``pronoun`` or ``clause`` ("" when not found). ``intensity`` is the
    lexicon's 0 (conventional), 1 (marked) or 2 (loaded).
    """

    term: str
    text: str
    actor: str
    polarity: int
    lexicon_polarity: int
    category: str
    start: int
    end: int
    quoted: bool
    distance: str
    sentence: int
    intensity: int = 1
    target_via: str = "term"


@dataclass(frozen=True)
class _Row:
    """What a lexicon row says about a term: actor (may be empty), polarity, category, intensity,
    and whether the actor is found in the text (a generic label)."""

    actor: str
    polarity: int
    category: str
    intensity: int
    generic: bool


@dataclass(frozen=True)
class _Mention:
    """An actor named in a document: raw span and the actor it counts for."""

    start: int
    end: int
    actor: str
    named: str  # the actor of the actor lexicon row (for pronouns)


def _close_marks(m: Match, raw: str) -> Match:
    """Return ``m`` widened by one character at either end when that character is the other
    half of a quotation mark opened or closed inside the match (حكومة “الوفاق” rather than
    حكومة “الوفاق)."""
    raw_marks = sum(ch in _QUOTE_GROUP_OF for ch in m.text)
    if raw_marks % 2 == 0:
        return m
    start, end = m.start, m.end
    if end < len(raw) and raw[end] in _QUOTE_GROUP_OF:
        end += 1
    elif start > 0 and raw[start - 1] in _QUOTE_GROUP_OF:
        start -= 1
    return Match(m.term, start, end, raw[start:end], m.suffix)


def _intensity(value: object) -> int:
    """Return a lexicon intensity as an int (1 when the lexicon has none)."""
    return 1 if value is None or str(value).strip() in ("", "nan") else int(value)


class StanceScorer:
    """Find framing hits and score documents, for one study and one normalization.

    ``study`` gives the lexicons (default: the default study); ``lexicon`` / ``neutral`` replace its
    framing lexicon / neutral names with DataFrames of the same columns. Text is normalized with
    ``options``, which must keep the folds the study's lexicons rely on
    (:meth:`~arabic_news.core.study.Study.check_options`). ``weights`` are the weights of intensities
    0, 1 and 2; ``prior`` the strength of the Beta prior (see :func:`graded_score`).
    """

    def __init__(
        self,
        study: Study | str | None = None,
        *,
        lexicon: pd.DataFrame | None = None,
        neutral: pd.DataFrame | None = None,
        options: NormalizeOptions = DEFAULT_OPTIONS,
        scare_quotes: ScareMode = "neutralize",
        so_called: SoCalledMode = "flip",
        topic_gate: bool = True,
        max_quote_chars: int = 400,
        scare_max_words: int = 5,
        weights: Sequence[float] = DEFAULT_WEIGHTS,
        prior: float = DEFAULT_PRIOR,
    ) -> None:
        self.study = resolve_study(study)
        self.study.check_options(options)
        self.options = options
        self.lexicon = self.study.framing if lexicon is None else lexicon.reset_index(drop=True)
        self.neutral = self.study.neutral if neutral is None else neutral.reset_index(drop=True)
        self.scare_quotes, self.so_called = scare_quotes, so_called
        self.topic_gate, self.max_quote_chars = topic_gate, max_quote_chars
        self.scare_max_words = scare_max_words
        if len(weights) != 3 or prior <= 0:
            raise ValueError("weights needs three values (intensities 0, 1, 2) and prior must be > 0")
        self.weights, self.prior = tuple(float(w) for w in weights), float(prior)
        self.scored_as = dict(self.study.scored_as)
        self.actors: tuple[str, ...] = tuple(a for a in dict.fromkeys(self.lexicon["actor"]) if a)
        lex = self.lexicon
        intensities = lex["intensity"] if "intensity" in lex else [None] * len(lex)
        targets = lex["target"] if "target" in lex else ["term"] * len(lex)
        rows: dict[str, list[_Row]] = {}
        for term, actor, pol, cat, inten, target in zip(
            lex["term"], lex["actor"], lex["polarity"], lex["category"], intensities, targets
        ):
            rows.setdefault(term, []).append(_Row(actor or "", int(pol), cat, _intensity(inten), target == "context"))
        scored = {normalize(t, options) for t in rows}
        for term, actor, cat in zip(self.neutral["term"], self.neutral["actor"], self.neutral["category"]):
            if normalize(term, options) not in scored:
                rows.setdefault(term, []).append(_Row(actor, 0, cat, 0, False))
        self._rows = rows
        fillers = self.study.fillers
        self._matcher = PhraseMatcher(rows, options=options, fillers=fillers)
        self._topic = PhraseMatcher(self.study.topic_terms, options=options) if self.study.topic_terms else None
        self._saying = saying_matcher(self.study, options)
        self._names = frozenset(normalize(w, options) for w in self.study.name_words)
        actor_lex = self.study.actor_terms
        named = actor_lex[actor_lex["kind"].isin(["name", "title"])]
        self._mention_actor = {t: r.actor for t, rs in rows.items() for r in rs if r.actor and not r.generic}
        self._mention_actor.update(zip(named["term"], named["actor"]))
        self._mentions = PhraseMatcher(self._mention_actor, options=options, fillers=fillers)
        cues = self.study.lexicon("target_cues")
        self._linkers = frozenset(normalize(t, options) for t in cues.loc[cues["role"] == "linker", "term"])
        opposing = cues[cues["role"].isin(["fighting", "accusation"])]
        self._opposition = PhraseMatcher(opposing["term"], options=options)
        self._fighting = frozenset(opposing.loc[opposing["role"] == "fighting", "term"])
        self._pronouns = {a: set(p) for a, p in self.study.pronouns.items()}
        self._axis = self._axis_signs()
        self._opponent = self._opponents()

    # --- actors and the axis --------------------------------------------------------------------

    def _axis_signs(self) -> dict[str, int]:
        """Return +1 / -1 for the actors the + / - camp favours (none without two camps)."""
        axis = self.study.axis
        if axis is None:
            return {}
        plus, minus = axis
        return {**dict.fromkeys(minus.favours, -1), **dict.fromkeys(plus.favours, 1)}

    def _opponents(self) -> dict[int, str]:
        """Return, per side of the axis, the first key actor of the other side (the opponent a
        label set against an actor of that side designates)."""
        order = list(self.study.key_actors) + [a for a in self.actors if a not in self.study.key_actors]
        out = {}
        for side in (1, -1):
            other = next((a for a in order if self._axis.get(a) == -side), None)
            if other is not None:
                out[side] = other
        return out

    @property
    def axis_name(self) -> str:
        """Return the axis as "plus_camp vs minus_camp" ("" without two camps)."""
        axis = self.study.axis
        return "" if axis is None else f"{axis[0].id} vs {axis[1].id}"

    def axis_sign(self, actor: str) -> int:
        """Return +1 when ``actor`` is favoured by the + camp, -1 by the - camp, 0 otherwise."""
        return self._axis.get(actor, 0)

    def weight(self, intensity: int) -> float:
        """Return the weight of a hit of ``intensity``."""
        return self.weights[int(intensity)]

    # --- finding hits ---------------------------------------------------------------------------

    def _possible(self, raw: str, spans: Sequence[tuple[int, int]] | None, view: str) -> bool:
        """Return False when no hit is possible: no term's key substring in the quote-free view,
        or (topic gate) no topic term in the text."""
        if not self._matcher.keys_in(view):
            return False
        if self.topic_gate and self._topic is not None:
            text = view if spans is None else normalize("\n".join(raw[s:e] for s, e in spans), self.options)
            if not self._topic.count(text, normalized=text):
                return False
        return True

    def find_hits(
        self, raw: str, spans: Sequence[tuple[int, int]] | None = None, normalized: str | None = None
    ) -> list[Hit]:
        """Return every hit in ``raw`` (neutral names included, polarity 0), in text order.

        ``spans`` restricts the hits to raw (start, end) spans, e.g. the article paragraphs kept
        by :func:`arabic_news.analyses.cleaning.clean_corpus`; offsets stay relative to the full
        raw text. ``normalized`` may pass ``normalize(raw, options)`` when it is already known.
        """
        view = (normalize(raw, self.options) if normalized is None else normalized).translate(_DELETE_QUOTES)
        if not self._possible(raw, spans, view):
            return []
        nt = normalize_with_offsets(raw, self.options)
        quote_free = nt.without(QUOTE_CHARS)
        inside = SpanIndex(spans)
        matches = [m for m in self._matcher.finditer_normalized(quote_free) if inside.contains(m.start, m.end)]
        if not matches:
            return []
        quotes = QuoteIndex(find_quotes(raw, self.max_quote_chars, self._saying))
        sentences = split_sentences(raw)
        sentence_starts = [s.start for s in sentences]
        context = None
        if any(r.generic for m in matches for r in self._rows[m.term]):
            context = _Context(raw, quote_free, sentences, self)
        hits = []
        for m in [_close_marks(m, raw) for m in matches]:
            quoted, scare = self._quotation(raw, m.start, m.end, quotes)
            so_called = self._so_called(raw, m.start, m.end)
            sentence = max(0, bisect.bisect_right(sentence_starts, m.start) - 1)
            for row in self._rows[m.term]:
                actor, via = row.actor, "term"
                if row.generic and context is not None:
                    actor, via = context.target(m, row)
                actor = self.scored_as.get(actor, actor)
                polarity, is_quoted, distance = self._apply_distance(row.polarity, quoted, scare, so_called)
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
                        is_quoted,
                        distance,
                        sentence,
                        intensity,
                        via,
                    )
                )
        return hits

    def _quotation(self, raw: str, start: int, end: int, quotes: QuoteIndex) -> tuple[bool, bool]:
        """Return (inside quoted speech, wrapped in scare quotes) for the hit [start, end)."""
        quoted = scare = False
        for q in quotes.overlapping(start, end):
            words = quotes.words(q, raw, self.options)
            within = bool(words) and all(
                start <= q.inner_start + t.start and q.inner_start + t.end <= end for t in words
            )
            if q.kind == "marks" and within:
                if len(words) <= self.scare_max_words and any(t.norm not in self._names for t in words):
                    scare = not self._names_it(raw, q.start)
            elif q.inner_start <= start and end <= q.inner_end:
                quoted = True
        return quoted, scare

    def _names_it(self, raw: str, start: int) -> bool:
        """Return True when the quotation opening at ``start`` gives a name (known as "...")."""
        return bool(_NAMING_BEFORE.search(normalize(raw[max(0, start - 25) : start], self.options)))

    def _so_called(self, raw: str, start: int, end: int) -> bool:
        """Return True when the hit is introduced by "so-called" or followed by "alleged"."""
        before = normalize(raw[max(0, start - 40) : start], self.options)
        after = normalize(raw[end : end + 20], self.options)
        return bool(_SO_CALLED_BEFORE.search(before) or _SO_CALLED_AFTER.search(after))

    def _apply_distance(self, pol: int, quoted: bool, scare: bool, so_called: bool) -> tuple[int, bool, str]:
        """Return (polarity, quoted, distance) after the so-called and scare-quote rules."""
        if pol == 0 or quoted:
            return pol, quoted, ""
        for flag, mode, name in ((so_called, self.so_called, "so_called"), (scare, self.scare_quotes, "scare_quotes")):
            if not flag or mode == "ignore":
                continue
            if mode == "flip" and pol > 0:
                return -1, False, name
            return pol, True, name
        return pol, False, ""

    # --- scoring --------------------------------------------------------------------------------

    def counted(self, hits: Iterable[Hit], include_quoted: bool = False) -> list[Hit]:
        """Return the hits that count: scored (polarity != 0), with an actor, own voice unless
        ``include_quoted``."""
        return [h for h in hits if h.polarity != 0 and h.actor and (include_quoted or not h.quoted)]

    def graded(self, pro: float, anti: float, n: int) -> tuple[float | None, float, float]:
        """Return (score, low, high) of weights ``pro``/``anti`` from ``n`` hits (score None if n = 0)."""
        score, low, high = graded_score(round(pro, 6), round(anti, 6), self.prior)
        return (score if n else None), low, high

    def actor_scores(
        self, hits: Iterable[Hit], n_words: int, include_quoted: bool = False, actors: Sequence[str] | None = None
    ) -> dict[str, dict]:
        """Return ``{actor: {score, low, high, pro, anti, per_1000_words, intensity_per_1000_words}}``."""
        actors = self.actors if actors is None else actors
        tally = {a: [0, 0, 0.0, 0.0] for a in actors}  # pro, anti, pro weight, anti weight
        for h in self.counted(hits, include_quoted):
            if h.actor not in tally:
                continue
            t, w = tally[h.actor], self.weight(h.intensity)
            if h.polarity > 0:
                t[0], t[2] = t[0] + 1, t[2] + w
            else:
                t[1], t[3] = t[1] + 1, t[3] + w
        out = {}
        for a, (pro, anti, wp, wa) in tally.items():
            score, low, high = self.graded(wp, wa, pro + anti)
            out[a] = {
                "score": score,
                "low": low,
                "high": high,
                "pro": pro,
                "anti": anti,
                "per_1000_words": _rate(pro + anti, n_words),
                "intensity_per_1000_words": _rate(wp + wa, n_words),
            }
        return out

    def axis_hits(self, hits: Iterable[Hit], include_quoted: bool = False) -> list[Hit]:
        """Return the own-voice hits (unless ``include_quoted``) on actors of the two camps, neutral
        names included: the evidence of the alignment."""
        return [h for h in hits if self.axis_sign(h.actor) and (include_quoted or not h.quoted)]

    def alignment(self, hits: Iterable[Hit], include_quoted: bool = False) -> dict:
        """Return ``{axis, score, low, high, n_hits}``: the document's position between the two
        camps, from every own-voice hit on an actor of either camp. Neutral names (polarity 0)
        weigh nothing but are evidence that the text names the actors neutrally: a text with only
        them scores 0; the score is None only without any such hit."""
        pro = anti = 0.0
        n = 0
        for h in self.axis_hits(hits, include_quoted):
            side = h.polarity * self.axis_sign(h.actor)
            n += 1
            if side == 0:
                continue
            if side > 0:
                pro += self.weight(h.intensity)
            else:
                anti += self.weight(h.intensity)
        score, low, high = self.graded(pro, anti, n)
        return {"axis": self.axis_name, "score": score, "low": low, "high": high, "n_hits": n}

    def score(
        self,
        raw: str,
        spans: Sequence[tuple[int, int]] | None = None,
        include_quoted: bool = False,
        normalized: str | None = None,
    ) -> dict:
        """Return ``{n_words, actors, alignment, hits}`` for one document (the CLI record without
        metadata)."""
        normalized = normalize(raw, self.options) if normalized is None else normalized
        hits = self.find_hits(raw, spans, normalized)
        n_words = count_words(normalized, None) if spans is None else document_words(raw, spans, self.options)
        return {
            "n_words": n_words,
            "actors": self.actor_scores(hits, n_words, include_quoted),
            "alignment": self.alignment(hits, include_quoted),
            "hits": hits,
        }


def _rate(value: float, n_words: int) -> float:
    """Return ``value`` per 1,000 words, rounded to 3 decimals (0 for an empty document)."""
    return round(1000 * value / n_words, 3) if n_words else 0.0


class _Context:
    """What a document says around its generic labels: actors named, sentences, clauses, words of
    fighting; resolves the target of a generic label (see the module docstring, rule 3)."""

    def __init__(self, raw: str, view: NormalizedText, sentences: Sequence, scorer: StanceScorer) -> None:
        self.raw, self.scorer = raw, scorer
        self.mentions = [
            _Mention(m.start, m.end, scorer.scored_as.get(a, a), a)
            for m in scorer._mentions.finditer_normalized(view)
            for a in [scorer._mention_actor[m.term]]
        ]
        self._mention_starts = [m.start for m in self.mentions]
        self._sentence_starts = [s.start for s in sentences]
        self._breaks = [i for i, ch in enumerate(raw) if ch in CLAUSE_BREAKS]
        cues = scorer._opposition.finditer_normalized(view)
        self._cues = [(m.start, m.end) for m in cues]
        self._cue_starts = [s for s, _e in self._cues]
        self._fights = [(m.start, m.end) for m in cues if m.term in scorer._fighting]
        self._fight_starts = [s for s, _e in self._fights]

    def _clause(self, start: int, end: int) -> tuple[int, int]:
        """Return the raw span of the clause around [start, end): between two clause breaks, at
        most CONTEXT_CHARS characters on each side."""
        k = bisect.bisect_left(self._breaks, start)
        lo = self._breaks[k - 1] + 1 if k > 0 else 0
        k = bisect.bisect_left(self._breaks, end)
        hi = self._breaks[k] if k < len(self._breaks) else len(self.raw)
        return max(lo, start - CONTEXT_CHARS), min(hi, end + CONTEXT_CHARS)

    def _sentence_start(self, pos: int, back: int = 0) -> int:
        """Return the start of the sentence holding ``pos`` (``back`` sentences earlier)."""
        k = max(0, bisect.bisect_right(self._sentence_starts, pos) - 1 - back)
        return self._sentence_starts[k] if self._sentence_starts else 0

    def _between(self, a: int, b: int) -> tuple[int, int]:
        """Return the indices of the mentions that start in [a, b)."""
        return bisect.bisect_left(self._mention_starts, a), bisect.bisect_left(self._mention_starts, b)

    def target(self, m: Match, row: _Row) -> tuple[str, str]:
        """Return (actor, target_via) for a generic label matched as ``m``."""
        if m.suffix:
            found = self._by_pronoun(m)
            if found:
                return found, "pronoun"
        found = self._by_name(m)
        if found:
            return found, "name"
        if not row.actor:
            found = self._by_clause(m)
            if found:
                return found, "clause"
        return (row.actor, "term") if row.actor else ("", "")

    def _by_pronoun(self, m: Match) -> str:
        """Return the actor the label's pronoun refers to: the nearest earlier mention (same or
        previous sentence) whose actor takes that pronoun."""
        lo, hi = self._between(max(self._sentence_start(m.start, back=1), m.start - CONTEXT_CHARS), m.start)
        for mention in reversed(self.mentions[lo:hi]):
            if m.suffix in self.scorer._pronouns.get(mention.named, ()):
                return mention.actor
        return ""

    def _by_name(self, m: Match) -> str:
        """Return the actor named after the label in the same clause, with at most
        NAME_WINDOW - 1 linking words between them."""
        _c_lo, c_hi = self._clause(m.start, m.end)
        lo, hi = self._between(m.end, c_hi)
        if lo < hi:
            nxt = self.mentions[lo]
            gap = [normalize(w, self.scorer.options) for w in WORD_RE.findall(self.raw[m.end : nxt.start])]
            linked = all(w in self.scorer._linkers or (i == 0 and w.startswith("ال")) for i, w in enumerate(gap))
            if len(gap) < NAME_WINDOW and linked:
                return nxt.actor
        return ""

    def _by_clause(self, m: Match) -> str:
        """Return the actor of the label's clause when the clause names one side only; the
        opponent when a word of fighting stands between them."""
        c_lo, c_hi = self._clause(m.start, m.end)
        lo, hi = self._between(c_lo, c_hi)
        named = [x for x in self.mentions[lo:hi] if x.end <= m.start or x.start >= m.end]
        actors = {x.actor for x in named}
        if len(actors) != 1:
            return ""
        (actor,) = actors
        mention = min(named, key=lambda x: abs(x.start - m.start))
        a, b = (mention.end, m.start) if mention.end <= m.start else (m.end, mention.start)
        if self._cue_in(a, b) or self._verb_of_fighting_before(mention.start):
            side = self.scorer.axis_sign(actor)
            return self.scorer._opponent.get(side, "") if side else ""
        return actor

    def _verb_of_fighting_before(self, pos: int) -> bool:
        """Return True when the word right before ``pos`` is a word of fighting (verb - subject -
        object order: تقاتل قوات الوفاق الإرهابيين)."""
        k = bisect.bisect_left(self._fight_starts, pos) - 1
        return k >= 0 and not WORD_RE.search(self.raw[self._fights[k][1] : pos])

    def _cue_in(self, a: int, b: int) -> bool:
        """Return True when a word of fighting lies inside the raw span [a, b)."""
        k = bisect.bisect_left(self._cue_starts, a)
        return k < len(self._cues) and self._cues[k][1] <= b


def document_words(
    raw: str, spans: Sequence[tuple[int, int]] | None = None, options: NormalizeOptions = DEFAULT_OPTIONS
) -> int:
    """Return the number of words of ``raw`` (only inside ``spans`` when given)."""
    if spans is None:
        return count_words(raw, options)
    return sum(count_words(raw[s:e], options) for s, e in spans)


def actor_scores(
    hits: Iterable[Hit], actors: Sequence[str], n_words: int, include_quoted: bool = False
) -> dict[str, dict]:
    """Return ``{actor: {score, low, high, pro, anti, per_1000_words, intensity_per_1000_words}}``
    from a document's hits, with the default study's weights and prior."""
    return _default_scorer().actor_scores(hits, n_words, include_quoted, actors)


@lru_cache(maxsize=1)
def _default_scorer() -> StanceScorer:
    """Return a scorer of the default study (cached)."""
    return StanceScorer()


# --- corpus tables ------------------------------------------------------------------------------

HIT_COLUMNS = (
    "doc_id",
    "term",
    "text",
    "actor",
    "polarity",
    "lexicon_polarity",
    "intensity",
    "weight",
    "axis",
    "target_via",
    "category",
    "start",
    "end",
    "quoted",
    "distance",
    "sentence",
    "sentence_text",
    "gloss_en",
)


def _spans_of(df: pd.DataFrame, spans: str | None) -> list:
    """Return the per-document span lists (None everywhere when ``spans`` is None)."""
    if spans is None:
        return [None] * len(df)
    return [None if s is None else [tuple(x) for x in s] for s in df[spans]]


def scorer_for(df: pd.DataFrame, scorer: StanceScorer | None = None, study: Study | str | None = None) -> StanceScorer:
    """Return ``scorer``, or a scorer for the corpus's study and normalization options."""
    if scorer is not None:
        return scorer
    return StanceScorer(resolve_study(study, df), options=options_of(df))


def corpus_hits(
    df: pd.DataFrame, scorer: StanceScorer | None = None, spans: str | None = None, *, study: Study | str | None = None
) -> pd.DataFrame:
    """Return one row per hit (scored, neutral and unattributed) with its raw span, sentence, gloss,
    intensity, weight, ``axis`` (+1 / -1: the side of the alignment axis it points to, 0: none) and
    ``target_via``.

    ``spans`` names a column of raw (start, end) lists, e.g. ``"kept_spans"`` from
    :func:`arabic_news.analyses.cleaning.clean_corpus`: only hits inside them are kept. Without a
    ``scorer``, one is made for ``study`` (default: the corpus's) and the corpus's options.
    """
    import pandas as pd

    scorer = scorer_for(df, scorer, study)
    gloss = dict(zip(scorer.lexicon["term"], scorer.lexicon["gloss_en"]))
    gloss.update({t: g for t, g in zip(scorer.neutral["term"], scorer.neutral["gloss_en"]) if t not in gloss})
    rows = []
    for doc_id, raw, sp in zip(df["doc_id"], df["raw"], _spans_of(df, spans)):
        hits = scorer.find_hits(raw, sp)
        sentences = split_sentences(raw) if hits else []
        for h in hits:
            rows.append(
                {
                    "doc_id": doc_id,
                    **asdict(h),
                    "weight": scorer.weight(h.intensity) if h.polarity else 0.0,
                    "axis": h.polarity * scorer.axis_sign(h.actor),
                    "sentence_text": sentences[h.sentence].text if sentences else "",
                    "gloss_en": gloss.get(h.term, ""),
                }
            )
    return pd.DataFrame(rows, columns=list(HIT_COLUMNS))


def _hits_by_doc(hits: pd.DataFrame) -> dict[object, list[Hit]]:
    """Return the hits table as Hit objects grouped by document."""
    by_doc: dict[object, list[Hit]] = {}
    fields = Hit.__dataclass_fields__
    for r in hits.to_dict("records"):
        by_doc.setdefault(r["doc_id"], []).append(Hit(**{k: r[k] for k in fields}))
    return by_doc


def stance_scores(
    df: pd.DataFrame,
    hits: pd.DataFrame,
    scorer: StanceScorer | None = None,
    spans: str | None = None,
    *,
    include_quoted: bool = False,
) -> pd.DataFrame:
    """Return one row per (document, actor): own-voice pro and anti counts, the graded score with
    its 95 % interval (low, high), hits and intensity weights per 1,000 words, the quoted counts and
    the score with quoted words."""
    import pandas as pd

    scorer = scorer_for(df, scorer)
    by_doc = _hits_by_doc(hits)
    rows = []
    for doc_id, raw, sp in zip(df["doc_id"], df["raw"], _spans_of(df, spans)):
        doc_hits = by_doc.get(doc_id, [])
        n_words = document_words(raw, sp, scorer.options)
        own = scorer.actor_scores(doc_hits, n_words, include_quoted)
        both = scorer.actor_scores(doc_hits, n_words, True)
        for actor in scorer.actors:
            o, b = own[actor], both[actor]
            rows.append(
                {
                    "doc_id": doc_id,
                    "actor": actor,
                    "pro": o["pro"],
                    "anti": o["anti"],
                    "score": o["score"],
                    "low": o["low"],
                    "high": o["high"],
                    "per_1000_words": o["per_1000_words"],
                    "intensity_per_1000_words": o["intensity_per_1000_words"],
                    "pro_quoted": b["pro"] - o["pro"],
                    "anti_quoted": b["anti"] - o["anti"],
                    "score_with_quoted": b["score"],
                    "n_words": n_words,
                }
            )
    out = pd.DataFrame(rows)
    for col in ("score", "low", "high", "score_with_quoted"):
        out[col] = out[col].astype(float)
    return out


def alignment_scores(
    df: pd.DataFrame,
    hits: pd.DataFrame,
    scorer: StanceScorer | None = None,
    *,
    include_quoted: bool = False,
) -> pd.DataFrame:
    """Return one row per document: its camp alignment (score, low, high, n_hits) and the summed
    weights pointing to each end of the axis (plus_weight, minus_weight)."""
    import pandas as pd

    scorer = scorer_for(df, scorer)
    by_doc = _hits_by_doc(hits)
    rows = []
    for doc_id in df["doc_id"]:
        doc_hits = by_doc.get(doc_id, [])
        counted = [h for h in scorer.counted(doc_hits, include_quoted) if scorer.axis_sign(h.actor)]
        sides = [h.polarity * scorer.axis_sign(h.actor) for h in counted]
        al = scorer.alignment(doc_hits, include_quoted)
        rows.append(
            {
                "doc_id": doc_id,
                "score": al["score"],
                "low": al["low"],
                "high": al["high"],
                "n_hits": al["n_hits"],
                "plus_weight": sum(scorer.weight(h.intensity) for h, s in zip(counted, sides) if s > 0),
                "minus_weight": sum(scorer.weight(h.intensity) for h, s in zip(counted, sides) if s < 0),
            }
        )
    out = pd.DataFrame(rows, columns=["doc_id", "score", "low", "high", "n_hits", "plus_weight", "minus_weight"])
    out["score"] = out["score"].astype(float)
    return out


def leave_one_term_out(
    hits: pd.DataFrame, scorer: StanceScorer | None = None, include_quoted: bool = False, on: str = "actor"
) -> pd.DataFrame:
    """Return, per document, actor (``on="actor"``) or the alignment (``on="alignment"``, actor
    column "alignment") and term, how the graded score changes when that term is dropped.

    Columns: doc_id, actor, term, polarity (the direction the term counts in), n (hits of the
    term), score, score_without, delta (score_without - score; NaN when no other hit is left).
    Sorted by |delta|, largest first.
    """
    import pandas as pd

    scorer = scorer or _default_scorer()
    counted = hits[(hits["polarity"] != 0) & (hits["actor"] != "") & (include_quoted | ~hits["quoted"].astype(bool))]
    counted = counted.assign(
        side=counted["polarity"] if on == "actor" else counted["polarity"] * counted["actor"].map(scorer.axis_sign),
        w=counted["intensity"].map(scorer.weight),
        group=counted["actor"] if on == "actor" else "alignment",
    )
    counted = counted[counted["side"] != 0]
    rows = []
    for (doc_id, group), g in counted.groupby(["doc_id", "group"], sort=True):
        pro, anti, n_all = g.loc[g["side"] > 0, "w"].sum(), g.loc[g["side"] < 0, "w"].sum(), len(g)
        score = scorer.graded(pro, anti, n_all)[0]
        for (term, side), t in g.groupby(["term", "side"], sort=True):
            w = t["w"].sum()
            without = scorer.graded(pro - w if side > 0 else pro, anti - w if side < 0 else anti, n_all - len(t))[0]
            rows.append(
                {
                    "doc_id": doc_id,
                    "actor": group,
                    "term": term,
                    "polarity": int(side),
                    "n": len(t),
                    "score": score,
                    "score_without": math.nan if without is None else without,
                    "delta": math.nan if without is None else without - score,
                }
            )
    out = pd.DataFrame(rows, columns=["doc_id", "actor", "term", "polarity", "n", "score", "score_without", "delta"])
    order = out["delta"].abs().fillna(2.0).sort_values(ascending=False, kind="stable").index
    return out.loc[order].reset_index(drop=True)


# --- evidence tables ----------------------------------------------------------------------------


def category_table(hits: pd.DataFrame, include_quoted: bool = False) -> pd.DataFrame:
    """Return counted hits per document (rows) and lexicon category (columns)."""
    import pandas as pd

    counted = hits[(hits["polarity"] != 0) & (hits["actor"] != "") & (include_quoted | ~hits["quoted"].astype(bool))]
    table = pd.crosstab(counted["doc_id"], counted["category"])
    return table.reindex(columns=[c for c in CATEGORIES], fill_value=0)


def naming_hits(
    hits: pd.DataFrame, actor: str, categories: Sequence[str] = ("naming_titles", "force_labels")
) -> pd.DataFrame:
    """Return the hits that name ``actor`` (names, titles and force labels, neutral ones and
    quoted uses included: a naming choice, not a score) in the shape
    :func:`~arabic_news.analyses.naming.naming_table` counts: doc_id, term, gloss_en, polarity."""
    sel = hits[(hits["actor"] == actor) & hits["category"].isin(categories)]
    return (
        sel[["doc_id", "term", "gloss_en", "lexicon_polarity"]]
        .rename(columns={"lexicon_polarity": "polarity"})
        .reset_index(drop=True)
    )


# --- validation ---------------------------------------------------------------------------------


def evaluate_sentences(table: pd.DataFrame, scorer: StanceScorer | None = None) -> pd.DataFrame:
    """Return ``table`` (sentence, actor, expected) with ``predicted`` (sign of the own-voice
    score toward the actor, 0 without hits) and ``correct``; sentences are scored with the topic
    gate off."""
    scorer = scorer or StanceScorer(resolve_study(None, table), topic_gate=False)
    out = table.copy()
    cache: dict[str, dict] = {}
    predicted = []
    for sentence, actor in zip(out["sentence"], out["actor"]):
        if sentence not in cache:
            cache[sentence] = scorer.score(sentence)["actors"]
        score = cache[sentence].get(actor, {"score": None})["score"]
        predicted.append(0 if not score else (1 if score > 0 else -1))
    out["predicted"] = predicted
    out["correct"] = out["predicted"] == out["expected"].astype(int)
    return out


def agreement(evaluated: pd.DataFrame, by: str = "camp") -> pd.DataFrame:
    """Return accuracy and Cohen's kappa of predicted vs expected labels, per ``by`` group and
    overall (columns: n, correct, accuracy, kappa)."""
    import pandas as pd

    def summary(g: pd.DataFrame) -> dict:
        exp, pred = g["expected"].astype(int), g["predicted"].astype(int)
        observed = float((exp == pred).mean())
        labels = sorted(set(exp) | set(pred))
        chance = sum(float((exp == k).mean()) * float((pred == k).mean()) for k in labels)
        kappa = (observed - chance) / (1 - chance) if chance < 1 else float("nan")
        return {"n": len(g), "correct": int((exp == pred).sum()), "accuracy": observed, "kappa": kappa}

    rows = {name: summary(g) for name, g in evaluated.groupby(by, sort=True)}
    rows["all"] = summary(evaluated)
    return pd.DataFrame.from_dict(rows, orient="index")


def partisan_band(scorer: StanceScorer) -> float:
    """Return the smallest |alignment| read as partisan for a sentence: the score of one marked
    (intensity 1) hit alone, so conventional names on their own, or a marked term offset by
    conventional ones, read as neutral."""
    return scorer.graded(scorer.weight(1), 0.0, 1)[0]


def evaluate_alignment(
    table: pd.DataFrame, scorer: StanceScorer | None = None, text: str = "sentence", band: float | None = None
) -> pd.DataFrame:
    """Return ``table`` (a text column and ``label``: +1 toward the + camp, -1, 0 neutral) with the
    alignment of each text (score, low, high, n_hits), ``predicted`` (+1 / -1 when
    |score| >= ``band``, default :func:`partisan_band`; 0 when below; missing when unscored) and
    ``correct`` (an unscored text is wrong, whatever its label). Scored with the topic gate off."""
    import pandas as pd

    scorer = scorer or StanceScorer(resolve_study(None, table), topic_gate=False)
    band = partisan_band(scorer) if band is None else band
    out = table.copy()
    results = [scorer.alignment(scorer.find_hits(t)) for t in out[text]]
    for key in ("score", "low", "high", "n_hits"):
        out[key] = [r[key] for r in results]
    predicted = [
        None if r["score"] is None else (0 if abs(r["score"]) < band - 1e-9 else (1 if r["score"] > 0 else -1))
        for r in results
    ]
    out["predicted"] = pd.array(predicted, dtype="Int64")
    out["correct"] = [p is not None and p == int(label) for p, label in zip(predicted, out["label"])]
    return out


def outscores(a: Iterable[float | None], b: Iterable[float | None]) -> float:
    """Return the probability that a random score of ``a`` is above a random score of ``b``
    (ties count one half; an unscored document counts as 0, no evidence either way)."""
    import numpy as np

    x = np.array([0.0 if v is None or v != v else float(v) for v in a])
    y = np.array([0.0 if v is None or v != v else float(v) for v in b])
    if not len(x) or not len(y):
        return float("nan")
    diff = x[:, None] - y[None, :]
    return float(((diff > 0).sum() + 0.5 * (diff == 0).sum()) / diff.size)


def validation_figures(
    articles: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    *,
    group: str = "group",
    camps: tuple[str, str, str] | None = None,
    study: Study | str | None = None,
) -> dict[str, float]:
    """Return the validation figures of alignment scores.

    ``articles`` has a ``group`` column (``camps``: the + camp, neutral, the - camp; default: the
    ids of the study's two camps around "neutral") and ``score``
    (None without hits); ``sentences`` is :func:`evaluate_alignment`'s output. Figures: number of
    articles, coverage of partisan articles (share with a score; with the ``plus_weight`` and
    ``minus_weight`` columns of :func:`alignment_scores`, also the share with at least one
    favourable or hostile hit, neutral names aside), saturation (share of scored articles at
    |score| >= 0.99), mean score per group, P(+ > neutral), P(neutral > -),
    P(+ > -) (:func:`outscores`), and sentence accuracy (unscored counted wrong), overall and on
    partisan sentences only.
    """
    if camps is None:
        axis = resolve_study(study, articles).axis
        if axis is None:
            raise ValueError("the study has no two camps: pass camps=(plus, neutral, minus)")
        camps = (axis[0].id, "neutral", axis[1].id)
    plus, neutral, minus = camps
    scores = articles["score"].astype(float)
    partisan = articles[group].isin([plus, minus])
    scored = scores.notna()
    by = {g: list(scores[articles[group] == g]) for g in camps}
    out = {
        "articles": float(len(articles)),
        "coverage of partisan articles": float(scored[partisan].mean()) if partisan.any() else math.nan,
        **(
            {
                "coverage by a favourable or hostile hit": float(
                    ((articles["plus_weight"] + articles["minus_weight"]) > 0)[partisan].mean()
                )
            }
            if "plus_weight" in articles and partisan.any()
            else {}
        ),
        "saturation (abs score >= 0.99)": float((scores[scored].abs() >= 0.99).mean()) if scored.any() else math.nan,
        **{f"mean score {g}": float(scores[articles[group] == g].mean()) for g in camps},
        f"P({plus} > {neutral})": outscores(by[plus], by[neutral]),
        f"P({neutral} > {minus})": outscores(by[neutral], by[minus]),
        f"P({plus} > {minus})": outscores(by[plus], by[minus]),
    }
    if sentences is not None:
        partisan_s = sentences["label"].astype(int) != 0
        out["sentences"] = float(len(sentences))
        out["sentence accuracy (unscored wrong)"] = float(sentences["correct"].mean())
        out["partisan sentence accuracy"] = float(sentences.loc[partisan_s, "correct"].mean())
        out["sentences unscored"] = float(sentences["score"].isna().mean())
    return out
