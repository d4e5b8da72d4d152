"""Stance and framing toward the actors of the Libyan conflict, with evidence for every number.

A framing lexicon (``data/lexicons/framing.csv``) lists expressions such as مليشيات حفتر
("Haftar's militias", hostile) or المشير خليفة حفتر ("Field Marshal Khalifa Haftar",
legitimizing), each attributed to one actor (the lexicon row's ``actor``) with a polarity of +1
(legitimizing / favourable) or -1 (delegitimizing / hostile). Matching goes through
:class:`arabic_news.match.PhraseMatcher` (normalized, clitic- and suffix-aware), so every hit keeps
its raw-text span.

Rules, in the order they are applied to one document:

1. **Matching view.** Quotation marks are removed from the normalized text before matching, so a
   term still matches when an outlet puts quotes around a name inside it (حكومة “الوفاق” الشرعية,
   "the legitimate 'GNA' government"). Offsets still map to the raw text.
2. **Topic gate** (``topic_gate=True``): a document that never mentions Libya (ليبيا, طرابلس,
   حفتر, الوفاق, ...) gets no hits: generic labels such as الحكومة الشرعية ("the legitimate
   government") designate other governments in Yemen or Syria coverage.
3. **Quoted speech.** Spans between quotation marks (“…” ”…“ "…" «…» ‘…’, at most
   ``max_quote_chars`` characters and never across a paragraph) and after a verb of saying with a
   colon (قال: ... up to the end of the sentence) are quoted speech. A hit inside them is
   ``quoted=True`` and, by default, does not count toward the outlet's own-voice score (the
   ``*_quoted`` columns and ``include_quoted=True`` report it).
4. **Scare quotes.** A short quotation (at most ``scare_max_words`` words) that lies entirely
   inside a hit and holds at least one word that is not a plain proper name (حفتر, الوفاق,
   السراج...) distances the outlet from the term: قوات "الجيش الوطني الليبي". Quotes around a
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

import argparse
import bisect
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .match import Match, PhraseMatcher
from .paths import LEXICON_DIR
from .text import NormalizedText, count_words, normalize, normalize_with_offsets, split_sentences, tokenize

if TYPE_CHECKING:
    import pandas as pd

LEXICON_CSV = LEXICON_DIR / "framing.csv"
NEUTRAL_CSV = LEXICON_DIR / "naming_neutral.csv"
LEXICON_COLUMNS = ("term", "actor", "polarity", "category", "gloss_en", "transliteration", "note")
CATEGORIES = ("naming_titles", "force_labels", "action_verbs", "legitimacy_markers", "evaluations",
              "foreign_interference")
#: the actors every lexicon must cover
CORE_ACTORS = ("haftar", "gna", "egypt", "uae", "turkey")

#: quotation marks; marks in one group close each other (Arabic web copy mixes “…” and ”…“)
QUOTE_GROUPS = ("“”„‟", "«»", '"', "‘’")
QUOTE_CHARS = "".join(QUOTE_GROUPS)
_QUOTE_GROUP_OF = {ch: group for group in QUOTE_GROUPS for ch in group}
_DELETE_QUOTES = {ord(ch): None for ch in QUOTE_CHARS}

#: verbs of saying that introduce a quotation after a colon (قال: ...); clitics are handled by
#: the matcher (وقال, فأكد)
SAYING_VERBS = (
    "قال", "قالت", "يقول", "تقول", "أكد", "أكدت", "يؤكد", "تؤكد", "أضاف", "أضافت", "تابع", "تابعت",
    "أوضح", "أوضحت", "صرح", "صرحت", "أعلن", "أعلنت", "ذكر", "ذكرت", "أشار", "أشارت", "شدد",
    "شددت", "كتب", "كتبت", "غرد", "غردت", "مضيفا", "مضيفة", "متابعا", "مؤكدا", "مؤكدة", "موضحا",
    "قائلا", "قائلة", "قوله", "بقوله", "بالقول", "وصف", "وصفت", "اعتبر", "اعتبرت", "نقل", "نقلت", "جاء فيه",
    "جاء في البيان",
)
#: words that are plain proper names: quotes around them are not scare quotes
NAME_WORDS = frozenset(normalize(w) for w in (
    "خليفة", "حفتر", "بلقاسم", "فائز", "فايز", "السراج", "الوفاق", "الكرامة", "عقيلة", "صالح",
    "باشاغا", "المسماري", "السيسي", "أردوغان", "ليبيا", "طرابلس", "بنغازي", "طبرق", "مصراتة", "سرت",
    "الجفرة", "ترهونة", "الوطية", "غريان", "مصر", "تركيا", "الإمارات", "قطر", "روسيا", "فاغنر",
    "بركان", "الغضب", "عاصفة", "السلام", "البنيان", "المرصوص",
))
#: a document is about Libya when it mentions one of these (topic gate)
TOPIC_TERMS = ("ليبيا", "ليبي", "الليبيين", "الليبيون", "طرابلس", "بنغازي", "حفتر", "السراج",
               "الوفاق", "مصراتة", "ترهونة", "الجفرة", "طبرق", "سرت")
_SO_CALLED_BEFORE = re.compile(
    r"(?:ما\s+[يت]سمي|ما\s+[يت]سمي\s+نفسه|ما\s+[يت]عرف|ما\s+[يت]طلق\s+علي\s*(?:ه|ها)?(?:\s+اسم)?|"
    r"ما\s+[يت]دعي|ما\s+[يت]سميه|ما\s+[يت]سميها|المسمي|المسماه|المدعو|المزعوم|المزعومه|"
    r"[يت](?:طلق|سمي)\s+(?:علي\s+)?نفس(?:ه|ها|هم)(?:\s+اسم)?)"
    r"\s*(?:ب\s*)?[^\w\s]*\s*$")
_SO_CALLED_AFTER = re.compile(r"^[^\w\s]*\s*(?:المزعوم|المزعومه|المزعومين)(?!\w)")
_SENTENCE_STOP = re.compile(r"[.!?؟\n]")

ScareMode = Literal["neutralize", "flip", "ignore"]
SoCalledMode = Literal["flip", "neutralize", "ignore"]


# --- lexicon ------------------------------------------------------------------------------------


def load_lexicon(path: str | Path | None = None) -> "pd.DataFrame":
    """Return the framing lexicon, validated: one row per (term, actor), polarity +1 or -1."""
    import pandas as pd

    path = Path(path) if path is not None else LEXICON_CSV
    lex = pd.read_csv(path, encoding="utf-8", dtype=str, keep_default_na=False)
    missing = [c for c in LEXICON_COLUMNS if c not in lex.columns]
    if missing:
        raise ValueError(f"{path.name}: missing columns {missing}")
    lex["term"] = lex["term"].str.strip()
    lex["polarity"] = lex["polarity"].astype(int)
    bad = lex[~lex["polarity"].isin([1, -1])]
    if len(bad):
        raise ValueError(f"{path.name}: polarity must be +1 or -1 (rows {list(bad.index)})")
    bad = lex[~lex["category"].isin(CATEGORIES)]
    if len(bad):
        raise ValueError(f"{path.name}: unknown categories {sorted(set(bad['category']))}")
    if (lex["term"] == "").any() or (lex["gloss_en"].str.strip() == "").any():
        raise ValueError(f"{path.name}: every row needs a term and an English gloss")
    key = lex["term"].map(normalize) + "|" + lex["actor"]
    if key.duplicated().any():
        raise ValueError(f"{path.name}: duplicate terms {list(lex.loc[key.duplicated(), 'term'])}")
    return lex.reset_index(drop=True)


def load_neutral_names(path: str | Path | None = None) -> "pd.DataFrame":
    """Return the table of neutral names and descriptors (matched and shown, never scored)."""
    import pandas as pd

    path = Path(path) if path is not None else NEUTRAL_CSV
    return pd.read_csv(path, encoding="utf-8", dtype=str, keep_default_na=False)


# --- quotation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    """A quoted span of raw text: marks included (``start``/``end``) and the text inside them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    kind: str  # "marks" or "colon"


def _paragraph_bounds(raw: str) -> list[tuple[int, int]]:
    """Return (start, end) of each line of ``raw``: quotations never cross a line break."""
    bounds, pos = [], 0
    for line in raw.split("\n"):
        bounds.append((pos, pos + len(line)))
        pos += len(line) + 1
    return bounds


def _mark_quotes(raw: str, max_chars: int) -> list[Quote]:
    """Return the spans between matching quotation marks (unbalanced marks are skipped)."""
    quotes = []
    for lo, hi in _paragraph_bounds(raw):
        i = lo
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


@lru_cache(maxsize=1)
def _saying_matcher() -> PhraseMatcher:
    """Return the matcher of verbs of saying."""
    return PhraseMatcher(SAYING_VERBS, suffixes=False)


def _colon_quotes(raw: str, max_chars: int) -> list[Quote]:
    """Return the spans after ``verb of saying ... :`` (the verb at most 80 characters before
    the colon, in the same sentence) up to the end of the sentence."""
    quotes = []
    for colon in [i for i, ch in enumerate(raw) if ch == ":"]:
        lead = raw[max(0, colon - 80):colon]
        stops = list(_SENTENCE_STOP.finditer(lead))
        if stops:
            lead = lead[stops[-1].end():]
        if not _saying_matcher().find(lead):
            continue
        start = colon + 1
        stop = _SENTENCE_STOP.search(raw, start, min(len(raw), start + max_chars))
        end = stop.start() if stop else min(len(raw), start + max_chars)
        if raw[start:end].strip():
            quotes.append(Quote(start, end, start, end, "colon"))
    return quotes


def find_quotes(raw: str, max_chars: int = 400) -> list[Quote]:
    """Return the quoted spans of ``raw`` (between marks, and after a verb of saying + colon)."""
    return sorted(_mark_quotes(raw, max_chars) + _colon_quotes(raw, max_chars),
                  key=lambda q: (q.start, q.end))


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
    return NormalizedText(raw=nt.raw, text="".join(nt.text[i] for i in keep),
                          starts=tuple(nt.starts[i] for i in keep),
                          ends=tuple(nt.ends[i] for i in keep))


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


def _key_substring(term: str) -> str:
    """Return a substring that every match of ``term`` contains: its longest normalized word,
    without a leading ال and, for the last word, without a final ه (teh marbuta opens to ت
    before a suffix: حكومة → حكومته)."""
    words = normalize(term).split()
    candidates = []
    for i, w in enumerate(words):
        if w.startswith("ال") and len(w) > 3:
            w = w[2:]
        if i == len(words) - 1 and w.endswith("ه") and len(w) > 2:
            w = w[:-1]
        candidates.append(w)
    return max(candidates, key=len)


def _inside(start: int, end: int, spans: Sequence[tuple[int, int]] | None) -> bool:
    """Return True when [start, end) lies inside one of ``spans`` (or when spans is None)."""
    return spans is None or any(s <= start and end <= e for s, e in spans)


class StanceScorer:
    """Find framing hits and score documents.

    Terms are grouped by a key substring (their longest word); a document is matched only
    against the terms whose keys it contains, with one compiled :class:`PhraseMatcher` per set
    of keys (cached). This gives exactly the whole-lexicon matcher's results (longest term
    first, no overlaps), since the other terms cannot match there, at a fraction of the cost.
    """

    def __init__(self, lexicon: "pd.DataFrame | None" = None, neutral: "pd.DataFrame | None" = None,
                 *, scare_quotes: ScareMode = "neutralize", so_called: SoCalledMode = "flip",
                 topic_gate: bool = True, max_quote_chars: int = 400, scare_max_words: int = 5) -> None:
        self.lexicon = load_lexicon() if lexicon is None else lexicon.reset_index(drop=True)
        self.neutral = load_neutral_names() if neutral is None else neutral.reset_index(drop=True)
        self.scare_quotes, self.so_called = scare_quotes, so_called
        self.topic_gate, self.max_quote_chars = topic_gate, max_quote_chars
        self.scare_max_words = scare_max_words
        self.actors: tuple[str, ...] = tuple(dict.fromkeys(self.lexicon["actor"]))
        rows: dict[str, list[tuple[str, int, str]]] = {}
        for term, actor, pol, cat in zip(self.lexicon["term"], self.lexicon["actor"],
                                         self.lexicon["polarity"], self.lexicon["category"]):
            rows.setdefault(term, []).append((actor, int(pol), cat))
        scored = {normalize(t) for t in rows}
        for term, actor, cat in zip(self.neutral["term"], self.neutral["actor"], self.neutral["category"]):
            if normalize(term) not in scored:
                rows.setdefault(term, []).append((actor, 0, cat))
        self._rows = rows
        by_key: dict[str, list[str]] = {}
        for term in rows:
            by_key.setdefault(_key_substring(term), []).append(term)
        self._terms_by_key = dict(sorted(by_key.items()))
        self._subsets: dict[tuple[str, ...], PhraseMatcher] = {}
        self._topic = PhraseMatcher(TOPIC_TERMS)
        self._topic_keys = tuple(sorted({_key_substring(t) for t in TOPIC_TERMS}))

    def _candidates(self, raw: str, spans: Sequence[tuple[int, int]] | None,
                    normalized: str | None = None) -> tuple[str, ...]:
        """Return the key substrings of the terms that match in ``raw`` (empty: no hit possible).

        Every match of a term contains its key substring, so plain substring tests rule out most
        documents; then the topic gate; the terms whose key substrings are present are then
        matched by a smaller regex than the whole lexicon's (see :meth:`_matcher_for`).
        """
        view = (normalize(raw) if normalized is None else normalized).translate(_DELETE_QUOTES)
        present = tuple(key for key in self._terms_by_key if key in view)
        if not present:
            return ()
        if self.topic_gate:
            text = view if spans is None else normalize("\n".join(raw[s:e] for s, e in spans))
            if not any(k in text for k in self._topic_keys) or not self._topic.count(text):
                return ()
        return present

    def _matcher_for(self, keys: tuple[str, ...]) -> PhraseMatcher:
        """Return a matcher of the terms whose key substrings are present (same results as the
        whole-lexicon matcher on that document, since no other term can match there)."""
        if keys not in self._subsets:
            if len(self._subsets) >= 512:
                self._subsets.clear()
            self._subsets[keys] = PhraseMatcher([t for k in keys for t in self._terms_by_key[k]])
        return self._subsets[keys]

    def find_hits(self, raw: str, spans: Sequence[tuple[int, int]] | None = None,
                  normalized: str | None = None) -> list[Hit]:
        """Return every hit in ``raw`` (neutral names included, polarity 0), in text order.

        ``spans`` restricts the hits to raw (start, end) spans, e.g. the article paragraphs kept
        by :func:`arabic_news.cleaning.clean_corpus`; offsets stay relative to the full raw text.
        ``normalized`` may pass ``normalize(raw)`` when it is already known (saves time).
        """
        keys = self._candidates(raw, spans, normalized)
        if not keys:
            return []
        nt = normalize_with_offsets(raw)
        matches = [m for m in self._matcher_for(keys).finditer_normalized(_quote_view(nt))
                   if _inside(m.start, m.end, spans)]
        if not matches:
            return []
        quotes = find_quotes(raw, self.max_quote_chars)
        sentence_starts = [s.start for s in split_sentences(raw)]
        hits = []
        for m in [_close_marks(m, raw) for m in matches]:
            quoted, scare = self._quotation(raw, m.start, m.end, quotes)
            so_called = self._so_called(raw, m.start, m.end)
            sentence = max(0, bisect.bisect_right(sentence_starts, m.start) - 1)
            for actor, pol, cat in self._rows[m.term]:
                polarity, is_quoted, distance = self._apply_distance(pol, quoted, scare, so_called)
                hits.append(Hit(m.term, m.text, actor, polarity, pol, cat, m.start, m.end,
                                is_quoted, distance, sentence))
        return hits

    def _quotation(self, raw: str, start: int, end: int, quotes: Sequence[Quote]) -> tuple[bool, bool]:
        """Return (inside quoted speech, wrapped in scare quotes) for the hit [start, end)."""
        quoted = scare = False
        for q in quotes:
            if q.end <= start or q.start >= end:
                continue
            words = tokenize(raw[q.inner_start:q.inner_end])
            within = bool(words) and all(start <= q.inner_start + t.start and
                                         q.inner_start + t.end <= end for t in words)
            if q.kind == "marks" and within:
                if len(words) <= self.scare_max_words and any(
                        t.norm not in NAME_WORDS for t in words):
                    scare = True
            elif q.inner_start <= start and end <= q.inner_end:
                quoted = True
        return quoted, scare

    def _so_called(self, raw: str, start: int, end: int) -> bool:
        """Return True when the hit is introduced by "so-called" or followed by "alleged"."""
        before = normalize(raw[max(0, start - 40):start])
        after = normalize(raw[end:end + 20])
        return bool(_SO_CALLED_BEFORE.search(before) or _SO_CALLED_AFTER.search(after))

    def _apply_distance(self, pol: int, quoted: bool, scare: bool, so_called: bool
                        ) -> tuple[int, bool, str]:
        """Return (polarity, quoted, distance) after the so-called and scare-quote rules."""
        if pol == 0 or quoted:
            return pol, quoted, ""
        for flag, mode, name in ((so_called, self.so_called, "so_called"),
                                 (scare, self.scare_quotes, "scare_quotes")):
            if not flag or mode == "ignore":
                continue
            if mode == "flip" and pol > 0:
                return -1, False, name
            return pol, True, name
        return pol, False, ""

    def score(self, raw: str, spans: Sequence[tuple[int, int]] | None = None,
              include_quoted: bool = False, normalized: str | None = None) -> dict:
        """Return ``{n_words, actors, hits}`` for one document (the CLI record without metadata)."""
        normalized = normalize(raw) if normalized is None else normalized
        hits = self.find_hits(raw, spans, normalized)
        n_words = document_words(normalized if spans is None else raw, spans)
        return {"n_words": n_words,
                "actors": actor_scores(hits, self.actors, n_words, include_quoted),
                "hits": hits}


def document_words(raw: str, spans: Sequence[tuple[int, int]] | None = None) -> int:
    """Return the number of words of ``raw`` (only inside ``spans`` when given)."""
    if spans is None:
        return count_words(raw)
    return sum(count_words(raw[s:e]) for s, e in spans)


def _ratio(pro: int, anti: int) -> float | None:
    """Return (pro - anti) / (pro + anti), or None when both are zero."""
    return None if pro + anti == 0 else (pro - anti) / (pro + anti)


def actor_scores(hits: Iterable[Hit], actors: Sequence[str], n_words: int,
                 include_quoted: bool = False) -> dict[str, dict]:
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
    return {a: {"score": _ratio(pro[a], anti[a]), "pro": pro[a], "anti": anti[a],
                "per_1000_words": round(1000 * (pro[a] + anti[a]) / n_words, 3) if n_words else 0.0}
            for a in actors}


# --- corpus tables ------------------------------------------------------------------------------

HIT_COLUMNS = ("doc_id", "term", "text", "actor", "polarity", "lexicon_polarity", "category",
               "start", "end", "quoted", "distance", "sentence", "sentence_text", "gloss_en")


def _spans_of(df: "pd.DataFrame", spans: str | None) -> list:
    """Return the per-document span lists (None everywhere when ``spans`` is None)."""
    if spans is None:
        return [None] * len(df)
    return [None if s is None else [tuple(x) for x in s] for s in df[spans]]


def corpus_hits(df: "pd.DataFrame", scorer: StanceScorer | None = None,
                spans: str | None = None) -> "pd.DataFrame":
    """Return one row per hit (scored and neutral) with its raw span, sentence and gloss.

    ``spans`` names a column of raw (start, end) lists, e.g. ``"kept_spans"`` from
    :func:`arabic_news.cleaning.clean_corpus`: only hits inside them are kept.
    """
    import pandas as pd

    scorer = scorer or StanceScorer()
    gloss = dict(zip(scorer.lexicon["term"], scorer.lexicon["gloss_en"]))
    gloss.update({t: g for t, g in zip(scorer.neutral["term"], scorer.neutral["gloss_en"]) if t not in gloss})
    rows = []
    for doc_id, raw, sp in zip(df["doc_id"], df["raw"], _spans_of(df, spans)):
        hits = scorer.find_hits(raw, sp)
        sentences = split_sentences(raw) if hits else []
        for h in hits:
            sentence = sentences[h.sentence].text if sentences else ""
            rows.append({"doc_id": doc_id, **asdict(h), "sentence_text": sentence,
                         "gloss_en": gloss.get(h.term, "")})
    return pd.DataFrame(rows, columns=list(HIT_COLUMNS))


def _sentence_ids(raw: str, sp: Sequence[tuple[int, int]] | None) -> list[int]:
    """Return the indices of the sentences of ``raw`` that lie inside the spans (all if None)."""
    return [s.index for s in split_sentences(raw) if sp is None or _inside(s.start, s.start + 1, sp)]


def stance_scores(df: "pd.DataFrame", hits: "pd.DataFrame", scorer: StanceScorer | None = None,
                  spans: str | None = None, *, bootstrap: int = 1000, seed: int = 0,
                  ci: float = 0.95, include_quoted: bool = False) -> "pd.DataFrame":
    """Return one row per (document, actor): pro, anti, score, per_1000_words, quoted counts,
    score with quoted words, and a bootstrap interval over sentences (ci_low, ci_high)."""
    import numpy as np
    import pandas as pd

    scorer = scorer or StanceScorer()
    rows = []
    for doc_id, raw, sp in zip(df["doc_id"], df["raw"], _spans_of(df, spans)):
        doc_hits = [Hit(**{k: r[k] for k in Hit.__dataclass_fields__})
                    for r in hits[hits["doc_id"] == doc_id].to_dict("records")]
        n_words = document_words(raw, sp)
        own = actor_scores(doc_hits, scorer.actors, n_words, include_quoted)
        both = actor_scores(doc_hits, scorer.actors, n_words, True)
        sent_ids = _sentence_ids(raw, sp) if doc_hits else []
        for actor in scorer.actors:
            lo, hi = _bootstrap(doc_hits, actor, sent_ids, bootstrap, seed, ci, include_quoted, np)
            o, b = own[actor], both[actor]
            rows.append({"doc_id": doc_id, "actor": actor, "pro": o["pro"], "anti": o["anti"],
                         "score": o["score"], "per_1000_words": o["per_1000_words"],
                         "ci_low": lo, "ci_high": hi,
                         "pro_quoted": b["pro"] - o["pro"], "anti_quoted": b["anti"] - o["anti"],
                         "score_with_quoted": b["score"], "n_words": n_words})
    out = pd.DataFrame(rows)
    for col in ("score", "ci_low", "ci_high", "score_with_quoted"):
        out[col] = out[col].astype(float)
    return out


def _bootstrap(hits: Sequence[Hit], actor: str, sent_ids: Sequence[int], n_boot: int, seed: int,
               ci: float, include_quoted: bool, np) -> tuple[float | None, float | None]:
    """Return the percentile interval of the score when sentences are resampled."""
    counted = [h for h in hits if h.actor == actor and h.polarity != 0
               and (include_quoted or not h.quoted)]
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


def leave_one_term_out(hits: "pd.DataFrame", include_quoted: bool = False) -> "pd.DataFrame":
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
            rows.append({"doc_id": doc_id, "actor": actor, "term": term, "polarity": int(pol),
                         "n": n, "score": score,
                         "score_without": math.nan if without is None else without,
                         "delta": math.nan if without is None else without - score})
    out = pd.DataFrame(rows, columns=["doc_id", "actor", "term", "polarity", "n", "score",
                                      "score_without", "delta"])
    order = out["delta"].abs().fillna(2.0).sort_values(ascending=False, kind="stable").index
    return out.loc[order].reset_index(drop=True)


# --- evidence tables ----------------------------------------------------------------------------


def _squash(s: str) -> str:
    """Return ``s`` with runs of whitespace (including line breaks) as one space."""
    return re.sub(r"\s+", " ", s).strip()


def kwic(df: "pd.DataFrame", hits: "pd.DataFrame", term: str | None = None,
         actor: str | None = None, width: int = 50, scored_only: bool = True) -> "pd.DataFrame":
    """Return a concordance: doc_id, before, keyword, after, gloss_en, actor, polarity, quoted.

    ``before`` is the raw text preceding the keyword (to its right on an Arabic page), ``after``
    the text following it; ``term`` / ``actor`` filter the hits.
    """
    import pandas as pd

    sel = hits
    if scored_only:
        sel = sel[sel["polarity"] != 0]
    if term is not None:
        sel = sel[sel["term"].map(normalize) == normalize(term)]
    if actor is not None:
        sel = sel[sel["actor"] == actor]
    raws = dict(zip(df["doc_id"], df["raw"]))
    rows = []
    for r in sel.itertuples(index=False):
        raw = raws[r.doc_id]
        rows.append({"doc_id": r.doc_id, "before": _squash(raw[max(0, r.start - width):r.start]),
                     "keyword": r.text, "after": _squash(raw[r.end:r.end + width]),
                     "gloss_en": r.gloss_en, "actor": r.actor, "polarity": int(r.polarity),
                     "quoted": bool(r.quoted)})
    return pd.DataFrame(rows, columns=["doc_id", "before", "keyword", "after", "gloss_en", "actor",
                                       "polarity", "quoted"])


class KwicTable:
    """A concordance shown as an escaped right-to-left HTML table; plain text for nbval."""

    def __init__(self, df: "pd.DataFrame", caption: str | None = None) -> None:
        self.df, self.caption = df, caption

    def __repr__(self) -> str:
        return (f"{self.caption}\n" if self.caption else "") + self.df.to_string()

    def _repr_html_(self) -> str:
        from .render import rtl_table_html

        rtl = [c for c in ("before", "keyword", "after", "term") if c in self.df.columns]
        return f'<div dir="rtl">{rtl_table_html(self.df, caption=self.caption, rtl_columns=rtl)}</div>'


def kwic_table(concordance: "pd.DataFrame", caption: str | None = None) -> KwicTable:
    """Return the concordance wrapped for display: the table itself runs right-to-left."""
    return KwicTable(concordance, caption)


def category_table(hits: "pd.DataFrame", include_quoted: bool = False) -> "pd.DataFrame":
    """Return counted hits per document (rows) and lexicon category (columns)."""
    import pandas as pd

    counted = hits[(hits["polarity"] != 0) & (include_quoted | ~hits["quoted"].astype(bool))]
    table = pd.crosstab(counted["doc_id"], counted["category"])
    return table.reindex(columns=[c for c in CATEGORIES], fill_value=0)


def naming_table(hits: "pd.DataFrame", actor: str = "haftar",
                 categories: Sequence[str] = ("naming_titles", "force_labels")) -> "pd.DataFrame":
    """Return how often each document uses each name/label of ``actor`` (neutral ones included).

    Rows are terms (with gloss and lexicon polarity), columns documents; quoted uses included,
    since the chart shows naming choices, not scores.
    """
    import pandas as pd

    sel = hits[(hits["actor"] == actor) & hits["category"].isin(categories)]
    if sel.empty:
        return pd.DataFrame(columns=["term", "gloss_en", "lexicon_polarity"])
    table = pd.crosstab([sel["term"], sel["gloss_en"], sel["lexicon_polarity"]], sel["doc_id"])
    table = table.reset_index()
    table.columns.name = None
    return table.sort_values(["lexicon_polarity", "term"], ascending=[False, True]).reset_index(drop=True)


def doc_labels(df: "pd.DataFrame", column: str = "outlet") -> dict[str, str]:
    """Return short chart labels per doc_id: the outlet without its parenthetical and the first
    three characters of the doc_id (``Raseef22 [001]``), or the doc_id without an outlet."""
    labels = {}
    for i, doc_id in enumerate(df["doc_id"]):
        value = df[column].iloc[i] if column in df.columns else None
        if isinstance(value, str) and value.strip():
            labels[doc_id] = f"{value.split(' (')[0].strip()} [{str(doc_id)[:3]}]"
        else:
            labels[doc_id] = str(doc_id)
    return labels


# --- validation ---------------------------------------------------------------------------------


def evaluate_sentences(table: "pd.DataFrame", scorer: StanceScorer | None = None) -> "pd.DataFrame":
    """Return ``table`` (sentence, actor, expected) with ``predicted`` (sign of the own-voice
    score, 0 without hits) and ``correct``; sentences are scored with the topic gate off."""
    scorer = scorer or StanceScorer(topic_gate=False)
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


def agreement(evaluated: "pd.DataFrame", by: str = "camp") -> "pd.DataFrame":
    """Return accuracy and Cohen's kappa of predicted vs expected labels, per ``by`` group and
    overall (columns: n, correct, accuracy, kappa)."""
    import pandas as pd

    def summary(g: "pd.DataFrame") -> dict:
        exp, pred = g["expected"].astype(int), g["predicted"].astype(int)
        observed = float((exp == pred).mean())
        labels = sorted(set(exp) | set(pred))
        chance = sum(float((exp == k).mean()) * float((pred == k).mean()) for k in labels)
        kappa = (observed - chance) / (1 - chance) if chance < 1 else float("nan")
        return {"n": len(g), "correct": int((exp == pred).sum()), "accuracy": observed, "kappa": kappa}

    rows = {name: summary(g) for name, g in evaluated.groupby(by, sort=True)}
    rows["all"] = summary(evaluated)
    return pd.DataFrame.from_dict(rows, orient="index")


# --- command line -------------------------------------------------------------------------------

_NOT_METADATA = {"doc_id", "source", "raw", "text", "kept_spans", "clean", "removed"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``arabic-news stance``."""
    parser.add_argument("--include-quoted", action="store_true",
                        help="count words inside quotations toward the outlet's score")
    parser.add_argument("--scare-quotes", choices=("neutralize", "flip", "ignore"), default="neutralize",
                        help="what scare quotes around a term do (default: neutralize)")
    parser.add_argument("--no-topic-gate", action="store_true",
                        help="score documents that never mention Libya too")
    parser.add_argument("--clean", action="store_true",
                        help="score only the article paragraphs kept by cleaning.clean_corpus")


def _metadata(row: dict) -> dict:
    """Return the metadata of a document record, NaN values left out."""
    out = {}
    for k, v in row.items():
        if k in _NOT_METADATA or v is None or (isinstance(v, float) and math.isnan(v)):
            continue
        out[k] = v.item() if hasattr(v, "item") else v
    return out


def stance_records(df: "pd.DataFrame", args: argparse.Namespace | None = None) -> list[dict]:
    """Return one JSON-ready record per document: doc_id, metadata, n_words, actors, hits."""
    include_quoted = bool(getattr(args, "include_quoted", False))
    scorer = StanceScorer(scare_quotes=getattr(args, "scare_quotes", "neutralize"),
                          topic_gate=not getattr(args, "no_topic_gate", False))
    meta_columns = [c for c in df.columns if c not in _NOT_METADATA]
    spans = None
    if getattr(args, "clean", False):
        from .cleaning import clean_corpus

        df = clean_corpus(df)
        spans = "kept_spans"
    records = []
    for row, sp in zip(df.to_dict("records"), _spans_of(df, spans)):
        result = scorer.score(row["raw"], sp, include_quoted, row.get("text"))
        records.append({"doc_id": row["doc_id"], **_metadata({c: row[c] for c in meta_columns}),
                        "n_words": result["n_words"],
                        "actors": result["actors"],
                        "hits": [{"term": h.term, "text": h.text, "actor": h.actor,
                                  "polarity": h.polarity, "start": h.start, "end": h.end,
                                  "quoted": h.quoted} for h in result["hits"] if h.polarity != 0]})
    return records
