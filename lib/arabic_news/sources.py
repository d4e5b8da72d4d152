"""Who is cited, who is named and how: attribution, actor mentions and naming choices.

Everything here is driven by two curated lexicons (``data/lexicons/``), so it runs unchanged on any
Arabic news corpus:

* ``actors.csv``: actors (Haftar, his forces, the Tripoli government, Egypt, ...) with their name
  variants (``kind=name``); unambiguous titles that stand for an actor even without the name
  (``kind=title``); and descriptors that characterise an actor only when written next to the
  name (``kind=descriptor``, e.g. الجنرال الانقلابي "the putschist general").
* ``attribution.csv``: verbs of saying (قال "said", كشفت "revealed"), "according to" phrases,
  and the nouns that tell what kind of source follows (مصادر "sources" = anonymous, وزير
  "minister" = named, بيان "statement" = institution, صحيفة "newspaper" = media), plus the
  function words that end a source phrase.

All matching goes through :class:`~arabic_news.match.PhraseMatcher`, so clitics (و، ب، ل، ال،
لل and pronoun suffixes) are handled and every span points into the raw text.
"""

from __future__ import annotations

import argparse
import bisect
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .match import Match, PhraseMatcher
from .paths import DATA_DIR, LEXICON_DIR, read_csv_rows
from .text import Token, count_words, split_sentences, tokenize

ACTORS_CSV = LEXICON_DIR / "actors.csv"
ATTRIBUTION_CSV = LEXICON_DIR / "attribution.csv"
EVENTS_CSV = DATA_DIR / "events.csv"
TIME_CUES_CSV = LEXICON_DIR / "time_cues.csv"

#: source kinds, in the order tables and charts show them
KINDS = ("anonymous", "named", "institution", "media", "unclear")
#: how many words after the cue word a source phrase may take, per kind
EXTENSION = {"anonymous": 3, "media": 3, "institution": 5, "named": 6}
#: a cue after the verb counts only within this many words of it (verb-subject order)
AFTER_REACH = 3
#: a cue before the verb counts only within this many words of it (subject-verb order)
BEFORE_REACH = 8
#: punctuation that ends a source phrase
_STOP_PUNCT = re.compile(r"[،,:؛;.!?؟()\[\]]")


@lru_cache(maxsize=8)
def load_actor_lexicon(path: Path = ACTORS_CSV) -> pd.DataFrame:
    """Return the actor lexicon: actor, kind (name/title/descriptor), term, gloss_en, transliteration."""
    return pd.DataFrame(read_csv_rows(Path(path)))


@lru_cache(maxsize=8)
def load_attribution_lexicon(path: Path = ATTRIBUTION_CSV) -> pd.DataFrame:
    """Return the attribution lexicon: term, role, gloss_en, transliteration."""
    return pd.DataFrame(read_csv_rows(Path(path)))


def load_events(path: Path = EVENTS_CSV) -> pd.DataFrame:
    """Return the curated key events (date as Timestamp, label, event_en, evidence)."""
    events = pd.DataFrame(read_csv_rows(Path(path)))
    events["date"] = pd.to_datetime(events["date"])
    return events


@lru_cache(maxsize=8)
def _actor_matcher(path: Path = ACTORS_CSV) -> tuple[PhraseMatcher, dict[str, tuple[str, str]]]:
    """Return a matcher over every actor term and {term: (actor, kind)}."""
    lex = load_actor_lexicon(path)
    info = {t: (a, k) for t, a, k in zip(lex["term"], lex["actor"], lex["kind"])}
    return PhraseMatcher(info), info


@lru_cache(maxsize=8)
def _cue_matchers(path: Path = ATTRIBUTION_CSV) -> tuple[PhraseMatcher, PhraseMatcher, dict[str, str]]:
    """Return the trigger matcher (verbs, "according to"; no pronoun suffixes, so that أضاف
    "added" does not match the noun إضافة "addition"), the matcher of the other cues, and
    {term: role}."""
    lex = load_attribution_lexicon(path)
    roles = dict(zip(lex["term"], lex["role"]))
    is_trigger = lex["role"].isin(["verb", "according_to"])
    return (PhraseMatcher(lex.loc[is_trigger, "term"], suffixes=False),
            PhraseMatcher(lex.loc[~is_trigger, "term"]), roles)


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


def actor_mentions(raw: str, window: int = 3, actors_csv: Path = ACTORS_CSV) -> list[ActorMention]:
    """Return the actor mentions in ``raw``: names and titles anywhere, descriptors only when
    they stand within ``window`` words of a name or title of the same actor."""
    matcher, info = _actor_matcher(actors_csv)
    found = matcher.find(raw)
    if not found:
        return []
    tokens = tokenize(raw)
    starts = [t.start for t in tokens]

    def token_range(m: Match) -> tuple[int, int]:
        first = bisect.bisect_right(starts, m.start) - 1
        last = bisect.bisect_left(starts, m.end) - 1
        return max(first, 0), max(last, 0)

    anchors: dict[str, list[tuple[int, int]]] = {}
    for m in found:
        actor, kind = info[m.term]
        if kind in ("name", "title"):
            anchors.setdefault(actor, []).append(token_range(m))
    out = []
    for m in found:
        actor, kind = info[m.term]
        if kind == "descriptor":
            first, last = token_range(m)
            near = any(first - b_last - 1 <= window and b_first - last - 1 <= window
                       for b_first, b_last in anchors.get(actor, []))
            if not near:
                continue
        out.append(ActorMention(actor, kind, m.term, m.start, m.end, m.text))
    return out


def actor_counts(raw: str, actors_csv: Path = ACTORS_CSV) -> dict[str, int]:
    """Return {actor: number of name or title mentions} in ``raw`` (descriptors add nothing)."""
    counts: dict[str, int] = {}
    for m in actor_mentions(raw, actors_csv=actors_csv):
        if m.kind != "descriptor":
            counts[m.actor] = counts.get(m.actor, 0) + 1
    return counts


def naming_phrases(raw: str, actor: str = "haftar", forces: str | None = "haftar_forces",
                   actors_csv: Path = ACTORS_CSV) -> list[ActorMention]:
    """Return how ``raw`` names ``actor`` beyond the bare name: titles, adjacent descriptors,
    and the names it gives his ``forces``."""
    keep = []
    for m in actor_mentions(raw, actors_csv=actors_csv):
        if (m.actor == actor and m.kind in ("title", "descriptor")) or (forces and m.actor == forces):
            keep.append(m)
    return keep


def actor_table(df: pd.DataFrame, by: str = "doc_id", per: int = 1000) -> pd.DataFrame:
    """Return actor mentions per ``per`` words, one row per value of ``by`` (all actors as columns)."""
    lex = load_actor_lexicon()
    actors = list(dict.fromkeys(lex.loc[lex["kind"] != "descriptor", "actor"]))
    rows: dict[str, dict[str, float]] = {}
    words: dict[str, int] = {}
    for key, raw in zip(df[by], df["raw"]):
        counts = actor_counts(raw)
        acc = rows.setdefault(str(key), dict.fromkeys(actors, 0))
        for a, n in counts.items():
            acc[a] += n
        words[str(key)] = words.get(str(key), 0) + count_words(raw)
    table = pd.DataFrame.from_dict(rows, orient="index", columns=actors)
    table = table.div(pd.Series(words), axis=0) * per
    table.index.name = by
    return table.round(1)


def naming_table(df: pd.DataFrame, by: str = "outlet", actor: str = "haftar",
                 forces: str | None = "haftar_forces") -> pd.DataFrame:
    """Return a table of the phrases naming ``actor`` and his ``forces``: term, gloss, refers_to,
    then one count column per value of ``by``."""
    lex = load_actor_lexicon().set_index("term")
    groups = list(dict.fromkeys(str(g) for g in df[by]))
    counts: dict[str, dict[str, int]] = {}
    for key, raw in zip(df[by], df["raw"]):
        for m in naming_phrases(raw, actor, forces):
            counts.setdefault(m.term, dict.fromkeys(groups, 0))[str(key)] += 1
    rows = []
    for term, per_group in counts.items():
        refers = "his forces" if lex.at[term, "actor"] == forces else actor.replace("_", " ").title()
        rows.append({"term": term, "gloss_en": lex.at[term, "gloss_en"],
                     "transliteration": lex.at[term, "transliteration"], "refers_to": refers, **per_group})
    out = pd.DataFrame(rows, columns=["term", "gloss_en", "transliteration", "refers_to", *groups])
    if out.empty:
        return out
    out["total"] = out[groups].sum(axis=1)
    return out.sort_values(["refers_to", "total", "term"], ascending=[True, False, True],
                           kind="stable").reset_index(drop=True)


# --- attribution ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attribution:
    """One attributed statement: source kind, who (raw), the verb (raw), raw span of both."""

    kind: str
    who: str
    verb: str
    start: int
    end: int


def _role_cues(matches: list[Match], roles: dict[str, str], tokens: list[Token],
               actor_spans: list[Match]) -> tuple[list[tuple[int, int, str, Match]], set[int]]:
    """Return (source cues as (first token, last token, kind, match), boundary token indexes)."""
    starts = [t.start for t in tokens]

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
    for m in actor_spans:
        first, last = tok(m)
        if not any(c[0] <= first <= c[1] for c in cues):
            cues.append((first, last, "actor", m))
    return sorted(cues, key=lambda c: (c[0], -c[1])), boundary


def find_attributions(raw: str) -> list[Attribution]:
    """Return the attributed statements of ``raw``: each verb of saying or "according to"
    phrase with the source it cites (anonymous, named, institution, media or unclear)."""
    trigger_matcher, cue_matcher, roles = _cue_matchers()
    triggers = trigger_matcher.find(raw)
    if not triggers:
        return []
    matches = cue_matcher.find(raw)
    tokens = tokenize(raw)
    actor_matcher, info = _actor_matcher()
    people = [m for m in actor_matcher.find(raw) if info[m.term][1] != "descriptor"]
    cues, boundary = _role_cues(matches, roles, tokens, people)
    sentence_of = _sentence_index(raw, tokens)
    starts = [t.start for t in tokens]
    breaks = {i for i in range(len(tokens) - 1)
              if _STOP_PUNCT.search(raw[tokens[i].end:tokens[i + 1].start])}
    trigger_tokens = set()
    for m in triggers:
        trigger_tokens.update(range(bisect.bisect_right(starts, m.start) - 1,
                                    bisect.bisect_left(starts, m.end)))
    out = []
    for m in triggers:
        v_first = bisect.bisect_right(starts, m.start) - 1
        v_last = bisect.bisect_left(starts, m.end) - 1
        sent = sentence_of[v_last]
        # the phrase after the trigger: up to punctuation, a boundary word or the sentence end
        window = []
        i = v_last
        while i + 1 < len(tokens) and i not in breaks and sentence_of[i + 1] == sent \
                and i + 1 not in boundary and len(window) < 8:
            i += 1
            window.append(i)
        if roles[m.term] == "according_to" and window and any(w in trigger_tokens for w in window[:2]):
            continue  # بحسب ما قاله ...: the verb that follows carries the attribution
        cue = next((c for c in cues if c[0] in window[:AFTER_REACH]), None)
        if cue is None and roles[m.term] == "according_to":
            continue  # وفق تفاهمات "in line with understandings": not a citation
        if cue is None:
            cue = _subject_before(cues, v_first, sent, sentence_of, breaks)
        if cue is None:
            who = raw[tokens[window[0]].start:tokens[window[-1]].end] if window else ""
            out.append(Attribution("unclear", who, m.text, m.start, max(m.end, _end(tokens, window))))
            continue
        c_first, c_last, kind, cm = cue
        kind = "named" if kind == "actor" else kind
        last = c_last
        limit = c_last + (0 if cue[2] == "actor" else EXTENSION[kind])
        last = _extend(last, limit, cues, tokens, breaks, boundary | trigger_tokens | {v_first},
                       sentence_of)
        who = raw[tokens[c_first].start:tokens[last].end].strip("“”\"«» ")
        start, end = min(m.start, tokens[c_first].start), max(m.end, tokens[last].end)
        out.append(Attribution(kind, who, m.text, start, end))
    return out


def _subject_before(cues: list, v_first: int, sent: int, sentence_of: list[int],
                    breaks: set[int]) -> tuple | None:
    """Return the source cue heading the subject before the verb (subject-verb order), or None.

    The nearest cue within ``BEFORE_REACH`` words wins, then we step back to the head of its
    phrase (cues at most one word apart, no punctuation between): in مصادر دبلوماسية مصرية
    "Egyptian diplomatic sources" the head is مصادر, not the adjective مصرية.
    """
    before = [c for c in cues if v_first - BEFORE_REACH <= c[1] < v_first and sentence_of[c[0]] == sent]
    if not before:
        return None
    i = len(before) - 1
    while i > 0 and before[i - 1][1] >= before[i][0] - 2 \
            and not breaks.intersection(range(before[i - 1][1], before[i][0])):
        i -= 1
    return before[i]


def _extend(last: int, limit: int, cues: list, tokens: list[Token], breaks: set[int],
            stops: set[int], sentence_of: list[int]) -> int:
    """Return the last token of a source phrase grown from ``last`` up to ``limit``.

    The phrase stops at punctuation, a boundary word, the verb or the sentence end; it also
    stops after the first actor name it reaches (وزير الخارجية التركي مولود تشاووش أوغلو:
    the name, with contiguous name parts, closes the phrase).
    """
    actor_at = {c[0]: c[1] for c in cues if c[2] == "actor"}
    sent = sentence_of[last]
    start = last
    while last + 1 in actor_at and last not in breaks:  # المشير + حفتر, الرئيس + ماكرون: one name
        last = actor_at[last + 1]
    if last != start:
        return last
    while last < limit and last + 1 < len(tokens) and last not in breaks \
            and last + 1 not in stops and sentence_of[last + 1] == sent:
        last += 1
        if last in actor_at:
            last = actor_at[last]
            while last + 1 in actor_at and last not in breaks:
                last = actor_at[last + 1]
            break
    return last


def _end(tokens: list[Token], window: list[int]) -> int:
    """Return the raw end offset of the last token of ``window`` (0 when empty)."""
    return tokens[window[-1]].end if window else 0


def _sentence_index(raw: str, tokens: list[Token]) -> list[int]:
    """Return, for each token, the index of the sentence it belongs to."""
    bounds = [s.start for s in split_sentences(raw)]
    return [max(bisect.bisect_right(bounds, t.start) - 1, 0) for t in tokens]


def attribution_table(df: pd.DataFrame, by: str = "doc_id", examples: int = 2) -> pd.DataFrame:
    """Return, per value of ``by``, the number of attributions of each kind and example sources."""
    rows = []
    for key, group in df.groupby(by, sort=False):
        found = [a for raw in group["raw"] for a in find_attributions(raw)]
        row: dict[str, object] = {by: key}
        row.update({k: sum(a.kind == k for a in found) for k in KINDS})
        row["total"] = len(found)
        for k in ("anonymous", "named", "media"):
            whos = list(dict.fromkeys(a.who for a in found if a.kind == k))
            row[f"e.g. {k}"] = "؛ ".join(whos[:examples])
        rows.append(row)
    return pd.DataFrame(rows).set_index(by)


def attribution_records(raw: str) -> pd.DataFrame:
    """Return every attribution of ``raw`` as a table: kind, verb, who, start, end."""
    found = [asdict(a) for a in find_attributions(raw)]
    return pd.DataFrame(found, columns=["kind", "verb", "who", "start", "end"])


def outlet_summary(df: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """Return one row per value of ``by``: articles, words, attributions, share of anonymous
    sources, most-mentioned actor (per 1,000 words) and most frequent naming of Haftar/his forces."""
    actors = actor_table(df, by=by)
    attributions = attribution_table(df, by=by)
    naming = naming_table(df, by=by)
    rows = []
    for key, group in df.groupby(by, sort=False):
        key = str(key)
        total = int(attributions.loc[key, "total"])
        top_naming = ""
        if not naming.empty and naming[key].max() > 0:
            best = naming.loc[naming[key].idxmax()]
            top_naming = f"{best['term']} ({best['gloss_en']}) x{int(best[key])}"
        rows.append({by: key, "articles": len(group), "words": sum(count_words(r) for r in group["raw"]),
                     "attributions": total,
                     "anonymous_%": round(100 * int(attributions.loc[key, "anonymous"]) / total) if total else 0,
                     "top_actor": f"{actors.loc[key].idxmax()} ({actors.loc[key].max():.1f})",
                     "top_naming": top_naming})
    return pd.DataFrame(rows).set_index(by)


# --- evidence for outlet and date ----------------------------------------------------------------


def concordance(df: pd.DataFrame, terms: list[str], width: int = 40) -> pd.DataFrame:
    """Return every match of ``terms`` in context: doc_id, term, before, keyword, after (raw text)."""
    matcher = PhraseMatcher(terms)
    rows = []
    for doc_id, raw in zip(df["doc_id"], df["raw"]):
        for m in matcher.find(raw):
            before = raw[max(0, m.start - width):m.start].replace("\n", " ")
            after = raw[m.end:m.end + width].replace("\n", " ")
            rows.append({"doc_id": doc_id, "term": m.term, "before": before, "keyword": m.text,
                         "after": after})
    return pd.DataFrame(rows, columns=["doc_id", "term", "before", "keyword", "after"])


def date_cues(df: pd.DataFrame, width: int = 40, path: Path = TIME_CUES_CSV) -> pd.DataFrame:
    """Return the time expressions of every document (weekdays, months, today, last, next) in
    context, with their English gloss."""
    lex = pd.DataFrame(read_csv_rows(Path(path)))
    table = concordance(df, list(lex["term"]), width)
    table.insert(2, "gloss_en", table["term"].map(dict(zip(lex["term"], lex["gloss_en"]))))
    return table.drop(columns="term")


# --- timeline ------------------------------------------------------------------------------------


def timeline_table(meta: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Return articles (date range from metadata) and key events in one table sorted by date."""
    arts = pd.DataFrame({
        "date": pd.to_datetime(meta["date_earliest"]),
        "date_latest": pd.to_datetime(meta["date_latest"]),
        "what": "article",
        "label": meta["doc_id"].str[:3] + " " + meta["outlet"],
    })
    evs = pd.DataFrame({"date": events["date"], "date_latest": events["date"], "what": "event",
                        "label": events["label"] + " " + events["event_en"]})
    out = pd.concat([arts, evs], ignore_index=True)
    out["days"] = (out["date_latest"] - out["date"]).dt.days + 1
    out = out.sort_values(["date", "what"], kind="stable").reset_index(drop=True)
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    out["date_latest"] = out["date_latest"].dt.strftime("%Y-%m-%d")
    return out[["date", "date_latest", "days", "what", "label"]]


# --- command line --------------------------------------------------------------------------------

_TEXT_COLUMNS = ("doc_id", "raw", "text")


def document_record(doc_id: str, raw: str, metadata: dict | None = None) -> dict:
    """Return the JSON-ready source profile of one document."""
    rec: dict = {"doc_id": doc_id}
    rec.update(metadata or {})
    rec["n_words"] = count_words(raw)
    rec["attributions"] = [asdict(a) for a in find_attributions(raw)]
    rec["actors"] = actor_counts(raw)
    rec["haftar_descriptors"] = [m.text for m in naming_phrases(raw)]
    return rec


def sources_records(df: pd.DataFrame, args: argparse.Namespace | None = None) -> list[dict]:
    """Return one source profile per document (the ``sources`` subcommand)."""
    out = []
    for row in df.to_dict("records"):
        meta = {k: v for k, v in row.items() if k not in _TEXT_COLUMNS and not _missing(v)}
        out.append(document_record(str(row["doc_id"]), row["raw"], meta))
    return out


def _missing(value: object) -> bool:
    """Return True for NaN/None metadata cells."""
    return value is None or (isinstance(value, float) and value != value)
