"""Stance and framing toward the actors of a conflict, with evidence for every number.

A study's framing lexicon (see :mod:`arabic_news.core.study`) lists expressions such as
مليشيات حفتر ("Haftar's militias", hostile) or المشير خليفة حفتر ("Field Marshal Khalifa
Haftar", legitimizing), each attributed to one actor (the lexicon row's ``actor``) with a polarity
of +1 (legitimizing / favourable) or -1 (delegitimizing / hostile). Matching goes through
:class:`arabic_news.match.PhraseMatcher` (normalized, clitic- and suffix-aware), so every hit keeps
its raw-text span.

Rules, in the order they are applied to one document:

1. **Matching view.** Quotation marks are removed from the normalized text before matching, so a
   term still matches when an outlet puts quotes around a name inside it (حكومة “الوفاق” الشرعية,
   "the legitimate 'GNA' government"). Offsets still map to the raw text.
2. **Topic gate** (``topic_gate=True``): a document that never mentions one of the study's topic
   terms gets no hits: generic labels such as الحكومة الشرعية ("the legitimate government")
   designate other governments in other conflicts' coverage.
3. **Quoted speech.** Spans between quotation marks (“…” ”…“ "…" «…» ‘…’, at most
   ``max_quote_chars`` characters and never across a paragraph) and after a verb of saying (the
   ``verb`` and ``speech`` cues of the study's attribution lexicon) with a colon (قال: ... up to the
   end of the sentence) are quoted speech. A hit inside them is
   ``quoted=True`` and, by default, does not count toward the outlet's own-voice score (the
   ``*_quoted`` columns and ``include_quoted=True`` report it).
4. **Scare quotes.** A short quotation (at most ``scare_max_words`` words) that lies entirely
   inside a hit and holds at least one word that is not a plain proper name (the words of the
   study's proper names: حفتر, الوفاق, السراج...) distances the outlet from the term:
   قوات "الجيش الوطني الليبي". Quotes around a
   plain name (“خليفة حفتر”) are ignored, names not being evaluative. ``scare_quotes`` decides:
   ``"neutralize"`` (default: the hit is treated as quoted), ``"flip"`` (a legitimizing term counts
   as hostile; a hostile term is neutralized), ``"ignore"``.
5. **So-called.** A term preceded by ما يسمى / ما يعرف بـ / المسمى ("so-called") or followed by
   المزعوم ("alleged") is reversed when legitimizing (``so_called="flip"``) and neutralized when
   hostile.

Scores per document and actor: ``pro`` and ``anti`` own-voice counts, ``score = (pro - anti) /
(pro + anti)`` in [-1, 1] (None without hits), ``per_1000_words`` = (pro + anti) per 1,000 words,
and a bootstrap interval over sentences.
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
    ``saying`` defaults to :func:`saying_matcher` of the default study)."""
    return sorted(
        _mark_quotes(raw, max_chars) + _colon_quotes(raw, max_chars, saying or saying_matcher()),
        key=lambda q: (q.start, q.end),
    )


# --- hits ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One lexicon term found in a document, with its raw span and how it counts.

    ``polarity`` is the direction the hit counts in (+1/-1; 0 for neutral names), after the
    so-called / scare-quote rules; ``lexicon_polarity`` is the lexicon's. ``quoted`` hits are
    words the outlet quotes (or neutralizes with scare quotes); ``distance`` says why a hit was
    flipped or neutralized ("scare_quotes", "so_called" or "").
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


def _quote_view(nt: NormalizedText) -> NormalizedText:
    """Return ``nt`` with quotation marks deleted (offsets still map to the raw text)."""
    keep = [i for i, ch in enumerate(nt.text) if ch not in _QUOTE_GROUP_OF]
    return NormalizedText(
        raw=nt.raw,
        text="".join(nt.text[i] for i in keep),
        starts=tuple(nt.starts[i] for i in keep),
        ends=tuple(nt.ends[i] for i in keep),
    )


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
    return Match(m.term, start, end, raw[start:end])


def _inside(start: int, end: int, spans: Sequence[tuple[int, int]] | None) -> bool:
    """Return True when [start, end) lies inside one of ``spans`` (or when spans is None)."""
    return spans is None or any(s <= start and end <= e for s, e in spans)


class StanceScorer:
    """Find framing hits and score documents, for one study and one normalization.

    ``study`` gives the lexicons (default: the default study); ``lexicon`` / ``neutral`` replace its
    framing lexicon / neutral names with DataFrames of the same columns. Text is normalized with
    ``options``, which must keep the folds the study's lexicons rely on
    (:meth:`~arabic_news.core.study.Study.check_options`).
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
    ) -> None:
        self.study = resolve_study(study)
        self.study.check_options(options)
        self.options = options
        self.lexicon = self.study.framing if lexicon is None else lexicon.reset_index(drop=True)
        self.neutral = self.study.neutral if neutral is None else neutral.reset_index(drop=True)
        self.scare_quotes, self.so_called = scare_quotes, so_called
        self.topic_gate, self.max_quote_chars = topic_gate, max_quote_chars
        self.scare_max_words = scare_max_words
        self.actors: tuple[str, ...] = tuple(dict.fromkeys(self.lexicon["actor"]))
        rows: dict[str, list[tuple[str, int, str]]] = {}
        for term, actor, pol, cat in zip(
            self.lexicon["term"], self.lexicon["actor"], self.lexicon["polarity"], self.lexicon["category"]
        ):
            rows.setdefault(term, []).append((actor, int(pol), cat))
        scored = {normalize(t, options) for t in rows}
        for term, actor, cat in zip(self.neutral["term"], self.neutral["actor"], self.neutral["category"]):
            if normalize(term, options) not in scored:
                rows.setdefault(term, []).append((actor, 0, cat))
        self._rows = rows
        self._matcher = PhraseMatcher(rows, options=options)
        self._topic = PhraseMatcher(self.study.topic_terms, options=options) if self.study.topic_terms else None
        self._saying = saying_matcher(self.study, options)
        self._names = frozenset(normalize(w, options) for w in self.study.name_words)

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
        matches = [m for m in self._matcher.finditer_normalized(_quote_view(nt)) if _inside(m.start, m.end, spans)]
        if not matches:
            return []
        quotes = find_quotes(raw, self.max_quote_chars, self._saying)
        sentence_starts = [s.start for s in split_sentences(raw)]
        hits = []
        for m in [_close_marks(m, raw) for m in matches]:
            quoted, scare = self._quotation(raw, m.start, m.end, quotes)
            so_called = self._so_called(raw, m.start, m.end)
            sentence = max(0, bisect.bisect_right(sentence_starts, m.start) - 1)
            for actor, pol, cat in self._rows[m.term]:
                polarity, is_quoted, distance = self._apply_distance(pol, quoted, scare, so_called)
                hits.append(
                    Hit(m.term, m.text, actor, polarity, pol, cat, m.start, m.end, is_quoted, distance, sentence)
                )
        return hits

    def _quotation(self, raw: str, start: int, end: int, quotes: Sequence[Quote]) -> tuple[bool, bool]:
        """Return (inside quoted speech, wrapped in scare quotes) for the hit [start, end)."""
        quoted = scare = False
        for q in quotes:
            if q.end <= start or q.start >= end:
                continue
            words = tokenize(raw[q.inner_start : q.inner_end], self.options)
            within = bool(words) and all(
                start <= q.inner_start + t.start and q.inner_start + t.end <= end for t in words
            )
            if q.kind == "marks" and within:
                if len(words) <= self.scare_max_words and any(t.norm not in self._names for t in words):
                    scare = True
            elif q.inner_start <= start and end <= q.inner_end:
                quoted = True
        return quoted, scare

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

    def score(
        self,
        raw: str,
        spans: Sequence[tuple[int, int]] | None = None,
        include_quoted: bool = False,
        normalized: str | None = None,
    ) -> dict:
        """Return ``{n_words, actors, hits}`` for one document (the CLI record without metadata)."""
        normalized = normalize(raw, self.options) if normalized is None else normalized
        hits = self.find_hits(raw, spans, normalized)
        n_words = count_words(normalized, None) if spans is None else document_words(raw, spans, self.options)
        return {"n_words": n_words, "actors": actor_scores(hits, self.actors, n_words, include_quoted), "hits": hits}


def document_words(
    raw: str, spans: Sequence[tuple[int, int]] | None = None, options: NormalizeOptions = DEFAULT_OPTIONS
) -> int:
    """Return the number of words of ``raw`` (only inside ``spans`` when given)."""
    if spans is None:
        return count_words(raw, options)
    return sum(count_words(raw[s:e], options) for s, e in spans)


def _ratio(pro: int, anti: int) -> float | None:
    """Return (pro - anti) / (pro + anti), or None when both are zero."""
    return None if pro + anti == 0 else (pro - anti) / (pro + anti)


def actor_scores(
    hits: Iterable[Hit], actors: Sequence[str], n_words: int, include_quoted: bool = False
) -> dict[str, dict]:
    """Return ``{actor: {score, pro, anti, per_1000_words}}`` from a document's hits."""
    pro = dict.fromkeys(actors, 0)
    anti = dict.fromkeys(actors, 0)
    for h in hits:
        if h.polarity == 0 or (h.quoted and not include_quoted) or h.actor not in pro:
            continue
        if h.polarity > 0:
            pro[h.actor] += 1
        else:
            anti[h.actor] += 1
    return {
        a: {
            "score": _ratio(pro[a], anti[a]),
            "pro": pro[a],
            "anti": anti[a],
            "per_1000_words": round(1000 * (pro[a] + anti[a]) / n_words, 3) if n_words else 0.0,
        }
        for a in actors
    }


# --- corpus tables ------------------------------------------------------------------------------

HIT_COLUMNS = (
    "doc_id",
    "term",
    "text",
    "actor",
    "polarity",
    "lexicon_polarity",
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
    """Return one row per hit (scored and neutral) with its raw span, sentence and gloss.

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
            sentence = sentences[h.sentence].text if sentences else ""
            rows.append({"doc_id": doc_id, **asdict(h), "sentence_text": sentence, "gloss_en": gloss.get(h.term, "")})
    return pd.DataFrame(rows, columns=list(HIT_COLUMNS))


def _sentence_ids(raw: str, sp: Sequence[tuple[int, int]] | None) -> list[int]:
    """Return the indices of the sentences of ``raw`` that lie inside the spans (all if None)."""
    return [s.index for s in split_sentences(raw) if sp is None or _inside(s.start, s.start + 1, sp)]


def stance_scores(
    df: pd.DataFrame,
    hits: pd.DataFrame,
    scorer: StanceScorer | None = None,
    spans: str | None = None,
    *,
    bootstrap: int = 1000,
    seed: int = 0,
    ci: float = 0.95,
    include_quoted: bool = False,
) -> pd.DataFrame:
    """Return one row per (document, actor): pro, anti, score, per_1000_words, quoted counts,
    score with quoted words, and a bootstrap interval over sentences (ci_low, ci_high)."""
    import numpy as np
    import pandas as pd

    scorer = scorer_for(df, scorer)
    by_doc: dict[object, list[Hit]] = {}
    for r in hits.to_dict("records"):
        by_doc.setdefault(r["doc_id"], []).append(Hit(**{k: r[k] for k in Hit.__dataclass_fields__}))
    rows = []
    for doc_id, raw, sp in zip(df["doc_id"], df["raw"], _spans_of(df, spans)):
        doc_hits = by_doc.get(doc_id, [])
        n_words = document_words(raw, sp, scorer.options)
        own = actor_scores(doc_hits, scorer.actors, n_words, include_quoted)
        both = actor_scores(doc_hits, scorer.actors, n_words, True)
        sent_ids = _sentence_ids(raw, sp) if doc_hits else []
        for actor in scorer.actors:
            lo, hi = _bootstrap(doc_hits, actor, sent_ids, bootstrap, seed, ci, include_quoted, np)
            o, b = own[actor], both[actor]
            rows.append(
                {
                    "doc_id": doc_id,
                    "actor": actor,
                    "pro": o["pro"],
                    "anti": o["anti"],
                    "score": o["score"],
                    "per_1000_words": o["per_1000_words"],
                    "ci_low": lo,
                    "ci_high": hi,
                    "pro_quoted": b["pro"] - o["pro"],
                    "anti_quoted": b["anti"] - o["anti"],
                    "score_with_quoted": b["score"],
                    "n_words": n_words,
                }
            )
    out = pd.DataFrame(rows)
    for col in ("score", "ci_low", "ci_high", "score_with_quoted"):
        out[col] = out[col].astype(float)
    return out


def _bootstrap(
    hits: Sequence[Hit],
    actor: str,
    sent_ids: Sequence[int],
    n_boot: int,
    seed: int,
    ci: float,
    include_quoted: bool,
    np,
) -> tuple[float | None, float | None]:
    """Return the percentile interval of the score when sentences are resampled."""
    counted = [h for h in hits if h.actor == actor and h.polarity != 0 and (include_quoted or not h.quoted)]
    if not counted or n_boot <= 0 or not sent_ids:
        return None, None
    pos = {s: i for i, s in enumerate(sent_ids)}
    pro = np.zeros(len(sent_ids))
    anti = np.zeros(len(sent_ids))
    for h in counted:
        i = pos.get(h.sentence)
        if i is None:
            continue
        (pro if h.polarity > 0 else anti)[i] += 1
    rng = np.random.default_rng(seed)
    weights = rng.multinomial(len(sent_ids), np.full(len(sent_ids), 1 / len(sent_ids)), size=n_boot)
    p, a = weights @ pro, weights @ anti
    total = p + a
    scores = (p - a)[total > 0] / total[total > 0]
    if not len(scores):
        return None, None
    alpha = (1 - ci) / 2
    return float(np.quantile(scores, alpha)), float(np.quantile(scores, 1 - alpha))


def leave_one_term_out(hits: pd.DataFrame, include_quoted: bool = False) -> pd.DataFrame:
    """Return, per document, actor and term, how the score changes when that term is dropped.

    Columns: doc_id, actor, term, polarity, n (hits of the term), score, score_without, delta
    (score_without - score; NaN when no other hit is left). Sorted by |delta|, largest first.
    """
    import pandas as pd

    counted = hits[(hits["polarity"] != 0) & (include_quoted | ~hits["quoted"].astype(bool))]
    rows = []
    for (doc_id, actor), group in counted.groupby(["doc_id", "actor"], sort=True):
        pro, anti = int((group["polarity"] > 0).sum()), int((group["polarity"] < 0).sum())
        score = _ratio(pro, anti)
        for (term, pol), g in group.groupby(["term", "polarity"], sort=True):
            n = len(g)
            without = _ratio(pro - n if pol > 0 else pro, anti - n if pol < 0 else anti)
            rows.append(
                {
                    "doc_id": doc_id,
                    "actor": actor,
                    "term": term,
                    "polarity": int(pol),
                    "n": n,
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

    counted = hits[(hits["polarity"] != 0) & (include_quoted | ~hits["quoted"].astype(bool))]
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
    score, 0 without hits) and ``correct``; sentences are scored with the topic gate off."""
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
