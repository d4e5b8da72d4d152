"""Who is cited, who is named and how: attribution, actor mentions and naming choices.

Everything here is driven by lexicons of the study pack (see :mod:`arabic_news.core.study`), so it
runs unchanged on any Arabic news corpus and any conflict:

* ``actors``: the study's actors (in the Libya pack: Haftar, his forces, the Tripoli government,
  Egypt, ...) with their name variants (``kind=name``); unambiguous titles that stand for an actor even without the name
  (``kind=title``); and descriptors that characterise an actor only when written next to the
  name (``kind=descriptor``, e.g. الجنرال الانقلابي "the putschist general").
* ``attribution`` (by default the package's general list): verbs of saying (قال "said", كشفت
  "revealed"), "according to" phrases, and the nouns that tell what kind of source follows
  (مصادر "sources" = anonymous, وزير "minister" = named, بيان "statement" = institution,
  صحيفة "newspaper" = media), plus the function words that end a source phrase.

All matching goes through :class:`~arabic_news.match.PhraseMatcher`, so clitics (و، ب، ل، ال،
لل and pronoun suffixes) are handled and every span points into the raw text.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Container, Sequence
from dataclasses import asdict, dataclass

import pandas as pd

from ..core.context import Context, context_cached
from ..core.document import Document, documents
from ..core.match import Match, PhraseMatcher
from ..core.metadata import group_labels
from ..core.study import Study
from ..core.text import CLAUSE_BREAKS, NormalizeOptions, Span
from .concordance import concordance, find_matches
from .naming import naming_table

#: source kinds, in the order tables and charts show them
KINDS = ("anonymous", "named", "institution", "media", "unclear")
#: how many words after the cue word a source phrase may take, per kind
EXTENSION = {"anonymous": 3, "media": 3, "institution": 5, "named": 6}
#: a cue after the verb counts only within this many words of it (verb-subject order)
AFTER_REACH = 3
#: a cue before the verb counts only within this many words of it (subject-verb order)
BEFORE_REACH = 8
#: punctuation that ends a source phrase (the clause breaks of :mod:`arabic_news.core.text`), as codes
_STOP_CODES = [ord(ch) for ch in CLAUSE_BREAKS]


@dataclass(frozen=True)
class _Lexicons:
    """The matchers of one study and normalization: actors and attribution cues."""

    options: NormalizeOptions
    actors: PhraseMatcher
    actor_info: dict[str, tuple[str, str]]  # term -> (actor, kind)
    triggers: PhraseMatcher  # verbs of saying and "according to"
    cues: PhraseMatcher  # source nouns and boundary words
    roles: dict[str, str]


@context_cached
def source_lexicons(ctx: Context) -> _Lexicons:
    """Return the matchers of the context's actor and attribution lexicons.

    Triggers (verbs, "according to") are matched without pronoun suffixes, so that أضاف "added"
    does not match the noun إضافة "addition". Speech words (مضيفا "adding", قائلا "saying") only
    introduce quotations (see :mod:`arabic_news.analyses.stance`): they continue a statement already
    attributed and are not counted here.
    """
    study, options = ctx.study, ctx.options
    lex = study.actor_terms
    info = {t: (a, k) for t, a, k in zip(lex["term"], lex["actor"], lex["kind"])}
    att = study.lexicon("attribution")
    roles = dict(zip(att["term"], att["role"]))
    is_trigger = att["role"].isin(["verb", "according_to"])
    is_cue = ~is_trigger & (att["role"] != "speech")
    return _Lexicons(
        options,
        PhraseMatcher(info, options=options),
        info,
        PhraseMatcher(att.loc[is_trigger, "term"], options=options, suffixes=False),
        PhraseMatcher(att.loc[is_cue, "term"], options=options),
        roles,
    )


def _document(text: str | Document, options: NormalizeOptions) -> Document:
    """Return ``text`` as a Document normalized with ``options`` (a Document as it is)."""
    return Document("", text, options) if isinstance(text, str) else text


# --- actors and naming ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ActorMention:
    """One mention: the actor, the lexicon kind (name/title/descriptor), the term and raw span."""

    actor: str
    kind: str
    term: str
    start: int
    end: int
    text: str


def _actor_mentions(doc: Document, lx: _Lexicons, window: int = 3) -> list[ActorMention]:
    """Return the actor mentions of ``doc`` with the matchers ``lx`` (see :func:`actor_mentions`)."""
    found = doc.find(lx.actors)
    if not found:
        return []
    starts = doc.word_spans[1]

    def token_range(m: Match) -> tuple[int, int]:
        first = bisect.bisect_right(starts, m.start) - 1
        last = bisect.bisect_left(starts, m.end) - 1
        return max(first, 0), max(last, 0)

    anchors: dict[str, list[tuple[int, int]]] = {}
    for m in found:
        actor, kind = lx.actor_info[m.term]
        if kind in ("name", "title"):
            anchors.setdefault(actor, []).append(token_range(m))
    anchor_firsts = {a: [f for f, _l in sorted(spans)] for a, spans in anchors.items()}
    anchor_sorted = {a: sorted(spans) for a, spans in anchors.items()}
    out = []
    for m in found:
        actor, kind = lx.actor_info[m.term]
        if kind == "descriptor":
            first, last = token_range(m)
            # an anchor is near when it starts at most window + 1 words after the descriptor's end
            # and ends at most window + 1 words before its start; anchors are a few words long, so
            # only those starting in [first - window - longest, last + window + 1] can be
            spans, firsts = anchor_sorted.get(actor, []), anchor_firsts.get(actor, [])
            longest = max((b - a for a, b in spans), default=0)
            lo = bisect.bisect_left(firsts, first - window - 1 - longest)
            hi = bisect.bisect_right(firsts, last + window + 1)
            near = any(
                first - b_last - 1 <= window and b_first - last - 1 <= window for b_first, b_last in spans[lo:hi]
            )
            if not near:
                continue
        out.append(ActorMention(actor, kind, m.term, m.start, m.end, m.text))
    return out


def actor_mentions(text: str | Document, ctx: Context, window: int = 3) -> list[ActorMention]:
    """Return the actor mentions in a raw text (or a Document) with the context's actor lexicon:
    names and titles anywhere, descriptors only when they stand within ``window`` words of a name or
    title of the same actor."""
    return _actor_mentions(_document(text, ctx.options), source_lexicons(ctx), window)


def _actor_counts(doc: Document, lx: _Lexicons) -> dict[str, int]:
    """Return {actor: number of name or title mentions} in ``doc`` (descriptors add nothing)."""
    counts: dict[str, int] = {}
    for m in _actor_mentions(doc, lx):
        if m.kind != "descriptor":
            counts[m.actor] = counts.get(m.actor, 0) + 1
    return counts


def actor_counts(text: str | Document, ctx: Context) -> dict[str, int]:
    """Return {actor: number of name or title mentions} in a raw text or Document (descriptors add nothing)."""
    return _actor_counts(_document(text, ctx.options), source_lexicons(ctx))


def _naming_phrases(doc: Document, lx: _Lexicons, actor: str, forces: str | None) -> list[ActorMention]:
    """Return the titles and adjacent descriptors of ``actor`` and the names of his ``forces``."""
    return [
        m
        for m in _actor_mentions(doc, lx)
        if (m.actor == actor and m.kind in ("title", "descriptor")) or (forces and m.actor == forces)
    ]


def naming_phrases(text: str | Document, ctx: Context) -> list[ActorMention]:
    """Return how a raw text (or Document) names the study's focus actor beyond the bare name: titles,
    adjacent descriptors, and the names it gives his forces."""
    pack = ctx.study
    return _naming_phrases(_document(text, ctx.options), source_lexicons(ctx), pack.focus_actor, pack.focus_forces)


def actor_table(df: pd.DataFrame, ctx: Context, by: str = "doc_id", per: int = 1000) -> pd.DataFrame:
    """Return actor mentions per ``per`` words, one row per value of ``by`` (all actors as columns)."""
    pack = ctx.study
    lx = source_lexicons(ctx)
    lex = pack.actor_terms
    actors = list(dict.fromkeys(lex.loc[lex["kind"] != "descriptor", "actor"]))
    rows: dict[str, dict[str, float]] = {}
    words: dict[str, int] = {}
    for key, doc in zip(group_labels(df, by), documents(df, ctx.options)):
        counts = _actor_counts(doc, lx)
        acc = rows.setdefault(str(key), dict.fromkeys(actors, 0))
        for a, n in counts.items():
            acc[a] += n
        words[str(key)] = words.get(str(key), 0) + doc.n_words
    table = pd.DataFrame.from_dict(rows, orient="index", columns=actors)
    table = table.div(pd.Series(words), axis=0) * per
    table.index.name = by
    return table.round(1)


def naming_mentions(df: pd.DataFrame, ctx: Context, by: str = "outlet") -> pd.DataFrame:
    """Return one row per phrase naming the study's focus actor or his forces (titles, adjacent
    descriptors, names of the forces): the ``by`` group, term, gloss_en, transliteration, refers_to."""
    pack = ctx.study
    lx = source_lexicons(ctx)
    lex = pack.actor_terms.set_index("term")
    rows = []
    for key, doc in zip(group_labels(df, by), documents(df, ctx.options)):
        for m in _naming_phrases(doc, lx, pack.focus_actor, pack.focus_forces):
            rows.append(
                {
                    by: str(key),
                    "term": m.term,
                    "gloss_en": lex.at[m.term, "gloss_en"],
                    "transliteration": lex.at[m.term, "transliteration"],
                    "refers_to": pack.label(lex.at[m.term, "actor"]),
                }
            )
    return pd.DataFrame(rows, columns=[by, "term", "gloss_en", "transliteration", "refers_to"])


def naming_by(df: pd.DataFrame, ctx: Context, by: str = "outlet") -> pd.DataFrame:
    """Return :func:`~arabic_news.analyses.naming.naming_table` of :func:`naming_mentions`: one row
    per phrase naming the focus actor or his forces, one count column per value of ``by``."""
    return naming_table(naming_mentions(df, ctx, by), by, groups=list(group_labels(df, by)))


# --- attribution ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attribution:
    """One attributed statement: source kind, who (raw), the verb (raw), raw span of both."""

    kind: str
    who: str
    verb: str
    start: int
    end: int


def _role_cues(
    matches: list[Match], roles: dict[str, str], starts: list[int], actor_spans: list[Match]
) -> tuple[list[tuple[int, int, str, Match]], set[int]]:
    """Return (source cues as (first token, last token, kind, match), boundary token indexes);
    ``starts``: the raw start of each token."""

    def tok(m: Match) -> tuple[int, int]:
        return bisect.bisect_right(starts, m.start) - 1, bisect.bisect_left(starts, m.end) - 1

    kinds = {"anonymous": "anonymous", "named_role": "named", "institution": "institution", "media": "media"}
    cues, boundary = [], set()
    for m in matches:
        role = roles[m.term]
        first, last = tok(m)
        if role in kinds:
            cues.append((first, last, kinds[role], m))
        elif role == "boundary":
            boundary.update(range(first, last + 1))
    # an actor name inside a source cue is part of it: "inside" is found with the running maximum
    # of the cues' last tokens (cues sorted by first token), not by scanning every cue
    role_cues = sorted(cues, key=lambda c: c[0])
    firsts = [c[0] for c in role_cues]
    reach = list(itertools.accumulate((c[1] for c in role_cues), max))
    actor_reach = -1  # actor spans come in text order: the furthest last token of those added
    for m in actor_spans:
        first, last = tok(m)
        k = bisect.bisect_right(firsts, first) - 1
        if (k < 0 or reach[k] < first) and actor_reach < first:
            cues.append((first, last, "actor", m))
            actor_reach = max(actor_reach, last)
    return sorted(cues, key=lambda c: (c[0], -c[1])), boundary


def find_attributions(text: str | Document, ctx: Context) -> list[Attribution]:
    """Return the attributed statements of a raw text (or Document): each verb of saying or
    "according to" phrase with the source it cites (anonymous, named, institution, media or unclear)."""
    return _find_attributions(_document(text, ctx.options), source_lexicons(ctx))


def _find_attributions(doc: Document, lx: _Lexicons) -> list[Attribution]:
    """Return :func:`find_attributions` with the matchers ``lx``."""
    roles = lx.roles
    triggers = doc.find(lx.triggers)
    if not triggers:
        return []
    raw = doc.raw
    matches = doc.find(lx.cues)
    _words, starts, ends = doc.word_spans
    n_tokens = len(starts)
    people = [m for m in doc.find(lx.actors) if lx.actor_info[m.term][1] != "descriptor"]
    cues, boundary = _role_cues(matches, roles, starts, people)
    sentence_of = _sentence_index(doc.sentences, starts)
    breaks = _breaks(raw, starts, ends)
    trigger_tokens = set()
    for m in triggers:
        trigger_tokens.update(range(bisect.bisect_right(starts, m.start) - 1, bisect.bisect_left(starts, m.end)))
    index = _CueIndex(cues)
    out = []
    for m in triggers:
        v_first = bisect.bisect_right(starts, m.start) - 1
        v_last = bisect.bisect_left(starts, m.end) - 1
        sent = sentence_of[v_last]
        # the phrase after the trigger: up to punctuation, a boundary word or the sentence end
        window = []
        i = v_last
        while (
            i + 1 < n_tokens
            and i not in breaks
            and sentence_of[i + 1] == sent
            and i + 1 not in boundary
            and len(window) < 8
        ):
            i += 1
            window.append(i)
        if roles[m.term] == "according_to" and window and any(w in trigger_tokens for w in window[:2]):
            continue  # بحسب ما قاله ...: the verb that follows carries the attribution
        cue = index.first_from(window[0], window[:AFTER_REACH][-1]) if window else None
        if cue is None and roles[m.term] == "according_to":
            continue  # وفق تفاهمات "in line with understandings": not a citation
        if cue is None:
            cue = _subject_before(index.ending_in(v_first - BEFORE_REACH, v_first), v_first, sent, sentence_of, breaks)
        if cue is None:
            who = raw[starts[window[0]] : ends[window[-1]]] if window else ""
            out.append(Attribution("unclear", who, m.text, m.start, max(m.end, ends[window[-1]] if window else 0)))
            continue
        c_first, c_last, kind, cm = cue
        kind = "named" if kind == "actor" else kind
        last = c_last
        limit = c_last + (0 if cue[2] == "actor" else EXTENSION[kind])
        last = _extend(
            last, limit, index.actor_at, n_tokens, breaks, (boundary, trigger_tokens, (v_first,)), sentence_of
        )
        who = raw[starts[c_first] : ends[last]].strip('“”"«» ')
        start, end = min(m.start, starts[c_first]), max(m.end, ends[last])
        out.append(Attribution(kind, who, m.text, start, end))
    return out


class _CueIndex:
    """The source cues of a document (sorted by first token, then longest first), indexed so that
    each verb looks only at the cues near it: the cost grows with the text, not with verbs x cues."""

    def __init__(self, cues: list) -> None:
        self.cues = cues
        self.firsts = [c[0] for c in cues]
        self.longest = max((c[1] - c[0] for c in cues), default=0)
        #: first token of an actor name -> its last token
        self.actor_at = {c[0]: c[1] for c in cues if c[2] == "actor"}

    def first_from(self, lo: int, hi: int) -> tuple | None:
        """Return the first cue (in cue order) whose first token is in [lo, hi]."""
        k = bisect.bisect_left(self.firsts, lo)
        return self.cues[k] if k < len(self.cues) and self.cues[k][0] <= hi else None

    def ending_in(self, lo: int, hi: int) -> list:
        """Return the cues (in cue order) whose last token is in [lo, hi)."""
        a = bisect.bisect_left(self.firsts, lo - self.longest)
        b = bisect.bisect_left(self.firsts, hi)
        return [c for c in self.cues[a:b] if lo <= c[1] < hi]


def _subject_before(cues: list, v_first: int, sent: int, sentence_of: list[int], breaks: set[int]) -> tuple | None:
    """Return the source cue heading the subject before the verb (subject-verb order), or None.

    The nearest cue within ``BEFORE_REACH`` words wins, then we step back to the head of its
    phrase (cues at most one word apart, no punctuation between): in مصادر دبلوماسية مصرية
    "Egyptian diplomatic sources" the head is مصادر, not the adjective مصرية.
    """
    before = [c for c in cues if sentence_of[c[0]] == sent]  # cues already end in [v_first - reach, v_first)
    if not before:
        return None
    i = len(before) - 1
    while (
        i > 0
        and before[i - 1][1] >= before[i][0] - 2
        and not breaks.intersection(range(before[i - 1][1], before[i][0]))
    ):
        i -= 1
    return before[i]


def _extend(
    last: int,
    limit: int,
    actor_at: dict[int, int],
    n_tokens: int,
    breaks: set[int],
    stops: tuple[Container[int], ...],
    sentence_of: list[int],
) -> int:
    """Return the last token of a source phrase grown from ``last`` up to ``limit``.

    The phrase stops at punctuation, a boundary word, the verb or the sentence end; it also
    stops after the first actor name it reaches (وزير الخارجية التركي مولود تشاووش أوغلو:
    the name, with contiguous name parts, closes the phrase).
    """
    sent = sentence_of[last]
    start = last
    while last + 1 in actor_at and last not in breaks:  # المشير + حفتر, الرئيس + ماكرون: one name
        last = actor_at[last + 1]
    if last != start:
        return last
    while (
        last < limit
        and last + 1 < n_tokens
        and last not in breaks
        and not any(last + 1 in stop for stop in stops)
        and sentence_of[last + 1] == sent
    ):
        last += 1
        if last in actor_at:
            last = actor_at[last]
            while last + 1 in actor_at and last not in breaks:
                last = actor_at[last + 1]
            break
    return last


def _sentence_index(sentences: list[Span], starts: list[int]) -> list[int]:
    """Return, for each token (given by its raw start), the index of the sentence it belongs to."""
    import numpy as np

    bounds = np.fromiter((s.start for s in sentences), dtype=np.int64, count=len(sentences))
    return np.maximum(np.searchsorted(bounds, starts, side="right") - 1, 0).tolist()


def _breaks(raw: str, starts: list[int], ends: list[int]) -> set[int]:
    """Return the tokens followed by punctuation that ends a source phrase (:data:`_STOP_PUNCT`)
    before the next token."""
    import numpy as np

    from ..core.text import text_codes

    if len(starts) < 2:
        return set()
    stops = np.isin(text_codes(raw), _STOP_CODES)
    before = np.concatenate(([0], np.cumsum(stops)))  # stops in raw[:i]
    gap_end, gap_start = np.asarray(starts[1:]), np.asarray(ends[:-1])
    return set(np.flatnonzero(before[gap_end] > before[gap_start]).tolist())


def attribution_table(df: pd.DataFrame, ctx: Context, by: str = "doc_id", examples: int = 2) -> pd.DataFrame:
    """Return, per value of ``by``, the number of attributions of each kind and example sources."""
    lx = source_lexicons(ctx)
    rows = []
    for key, group in df.assign(**{by: group_labels(df, by)}).groupby(by, sort=False):
        found = [a for doc in documents(group, ctx.options) for a in _find_attributions(doc, lx)]
        row: dict[str, object] = {by: key}
        row.update({k: sum(a.kind == k for a in found) for k in KINDS})
        row["total"] = len(found)
        for k in ("anonymous", "named", "media"):
            whos = list(dict.fromkeys(a.who for a in found if a.kind == k))
            row[f"e.g. {k}"] = "؛ ".join(whos[:examples])
        rows.append(row)
    return pd.DataFrame(rows).set_index(by)


def attribution_records(text: str | Document, ctx: Context) -> pd.DataFrame:
    """Return every attribution of a raw text (or Document) as a table: kind, verb, who, start, end."""
    found = [asdict(a) for a in find_attributions(text, ctx)]
    return pd.DataFrame(found, columns=["kind", "verb", "who", "start", "end"])


def outlet_summary(df: pd.DataFrame, ctx: Context, by: str = "outlet") -> pd.DataFrame:
    """Return one row per value of ``by``: articles, words, attributions, share of anonymous
    sources (``% anonymous``), most-mentioned actor (named as the study names it, with its mentions
    per 1,000 words) and most frequent naming of the focus actor or his forces."""
    actors = actor_table(df, ctx, by=by)
    attributions = attribution_table(df, ctx, by=by)
    naming = naming_by(df, ctx, by=by)
    rows = []
    df = df.assign(n_words=[d.n_words for d in documents(df, ctx.options)], **{by: group_labels(df, by)})
    for key, group in df.groupby(by, sort=False):
        key = str(key)
        total = int(attributions.loc[key, "total"])
        top_naming = ""
        if not naming.empty and naming[key].max() > 0:
            best = naming.loc[naming[key].idxmax()]
            top_naming = f"{best['term']} ({best['gloss_en']}) x{int(best[key])}"
        rows.append(
            {
                by: key,
                "articles": len(group),
                "words": int(group["n_words"].sum()),
                "attributions": total,
                "% anonymous": round(100 * int(attributions.loc[key, "anonymous"]) / total) if total else 0,
                "most mentioned actor": f"{ctx.study.label(actors.loc[key].idxmax())} ({actors.loc[key].max():.1f})",
                "most frequent naming": top_naming,
            }
        )
    return pd.DataFrame(rows).set_index(by)


# --- evidence for outlet and date ----------------------------------------------------------------


def date_cues(df: pd.DataFrame, ctx: Context, width: int = 40) -> pd.DataFrame:
    """Return the time expressions of every document (weekdays, months, today, last, next: the
    study's ``time_cues`` lexicon) in context, with their English gloss."""
    lex = ctx.study.lexicon("time_cues")
    matches = find_matches(df, list(lex["term"]), ctx.options)
    matches["gloss_en"] = matches["term"].map(dict(zip(lex["term"], lex["gloss_en"])))
    return concordance(df, matches, width, keep=["gloss_en"])


def load_events(study: Study) -> pd.DataFrame:
    """Return the study's key events (date as Timestamp, label, event_en, evidence)."""
    events = study.lexicon("events").copy()
    events["date"] = pd.to_datetime(events["date"])
    return events


# --- timeline ------------------------------------------------------------------------------------


def timeline_table(meta: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Return articles (date range from metadata) and key events in one table sorted by date."""
    arts = pd.DataFrame(
        {
            "date": pd.to_datetime(meta["date_earliest"]),
            "date_latest": pd.to_datetime(meta["date_latest"]),
            "what": "article",
            "label": meta["doc_id"].str[:3] + " " + meta["outlet"],
        }
    )
    evs = pd.DataFrame(
        {
            "date": events["date"],
            "date_latest": events["date"],
            "what": "event",
            "label": events["label"] + " " + events["event_en"],
        }
    )
    out = pd.concat([arts, evs], ignore_index=True)
    out["days"] = (out["date_latest"] - out["date"]).dt.days + 1
    out = out.sort_values(["date", "what"], kind="stable").reset_index(drop=True)
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    out["date_latest"] = out["date_latest"].dt.strftime("%Y-%m-%d")
    return out[["date", "date_latest", "days", "what", "label"]]


# --- per document --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceProfile:
    """What a document cites and whom it names: the ``sources`` command's record of one document."""

    n_words: int
    attributions: list[Attribution]
    actors: dict[str, int]
    naming_actor: str
    naming: list[str]


def source_profiles(docs: Sequence[Document], ctx: Context) -> list[SourceProfile]:
    """Return one :class:`SourceProfile` per document."""
    pack = ctx.study
    lx = source_lexicons(ctx)
    return [
        SourceProfile(
            doc.n_words,
            _find_attributions(doc, lx),
            _actor_counts(doc, lx),
            pack.focus_actor,
            [m.text for m in _naming_phrases(doc, lx, pack.focus_actor, pack.focus_forces)],
        )
        for doc in docs
    ]
