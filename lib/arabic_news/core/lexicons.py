"""The lexicons of a study pack: what each kind holds (its columns and allowed values) and how a
lexicon CSV is read and validated. A problem is a :class:`~arabic_news.core.errors.StudyError`
naming the file and row, the problem and the fix: unknown or missing columns, empty glosses,
duplicate terms, actors used but not declared in the manifest, categories or polarities outside their
lists, terms that normalize to nothing, a term both in the framing lexicon and among the neutral
names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import StudyError
from .resources import Resource, read_csv_rows
from .text import normalize

if TYPE_CHECKING:
    import pandas as pd

#: the kinds of framing expression every framing lexicon uses
CATEGORIES = (
    "naming_titles",
    "force_labels",
    "action_verbs",
    "legitimacy_markers",
    "evaluations",
    "foreign_interference",
)
#: kinds of actor term: a name or variant, a title that stands for the actor, a descriptor that
#: counts only next to a name or title, a nisba (the actor's relational adjective or demonym:
#: الإماراتي "Emirati", الأتراك "the Turks"), a mention of the actor but not a name that labels attach to
ACTOR_KINDS = ("name", "title", "descriptor", "nisba")
#: how a framing term finds the actor it counts for: ``term`` (the row's actor: the term names it),
#: ``context`` (a generic label such as "militias": the actor it attaches to in the text), ``shared``
#: (a name both camps give their own side, such as "the Libyan army": the actor the sentence or the
#: document attaches it to) or ``anaphor`` (a descriptor standing for its actor, such as "the retired
#: major general": the row's actor, only when the document names that actor)
TARGETS = ("term", "context", "shared", "anaphor")
#: roles of attribution cues
ATTRIBUTION_ROLES = ("verb", "speech", "according_to", "anonymous", "named_role", "institution", "media", "boundary")
#: roles of the cues that tell whom a generic label targets (see :mod:`arabic_news.analyses.stance`)
TARGET_CUE_ROLES = ("linker", "fighting", "accusation")
BOILERPLATE_SCOPES = ("paragraph", "line")


@dataclass(frozen=True)
class Schema:
    """The columns of one kind of lexicon: required, optional, and those that must not be empty."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    filled: tuple[str, ...] = ()


SCHEMAS: dict[str, Schema] = {
    "actors": Schema(
        ("actor", "kind", "term", "gloss_en"), ("transliteration", "note"), ("actor", "kind", "term", "gloss_en")
    ),
    "framing": Schema(
        ("term", "actor", "polarity", "category", "gloss_en"),
        ("intensity", "target", "transliteration", "note"),
        ("term", "polarity", "category", "gloss_en"),
    ),
    "neutral": Schema(
        ("term", "actor", "category", "gloss_en"),
        ("transliteration", "note"),
        ("term", "actor", "category", "gloss_en"),
    ),
    "attribution": Schema(("term", "role", "gloss_en"), ("transliteration", "note"), ("term", "role", "gloss_en")),
    "target_cues": Schema(("term", "role", "gloss_en"), ("transliteration", "note"), ("term", "role", "gloss_en")),
    "boilerplate": Schema(
        ("phrase", "reason", "scope", "gloss_en"),
        ("transliteration", "note"),
        ("phrase", "reason", "scope", "gloss_en"),
    ),
    "time_cues": Schema(("term", "gloss_en"), ("transliteration", "note"), ("term", "gloss_en")),
    "events": Schema(("date", "label", "event_en"), ("evidence",), ("date", "label", "event_en")),
    "glossary": Schema(("term", "gloss_en"), ("transliteration", "camp", "used_in"), ("term", "gloss_en")),
}
#: lexicons every study has: its own file, or the package's general Arabic list
GENERAL_LEXICONS = {
    "attribution": "attribution.csv",
    "boilerplate": "boilerplate.csv",
    "time_cues": "time_cues.csv",
    "target_cues": "target_cues.csv",
}
#: lexicons a study must provide itself
REQUIRED_LEXICONS = ("actors", "framing", "neutral")


def _check_columns(kind: str, header: Sequence[str], source: str) -> None:
    """Raise StudyError for missing or unknown columns of a ``kind`` lexicon."""
    schema = SCHEMAS[kind]
    missing = [c for c in schema.required if c not in header]
    if missing:
        raise StudyError(
            source,
            f"missing column(s) {', '.join(missing)} (columns: {', '.join(header)})",
            f"A {kind} lexicon has the columns {', '.join(schema.required + schema.optional)}.",
            1,
        )
    unknown = [c for c in header if c not in schema.required + schema.optional]
    if unknown:
        raise StudyError(
            source,
            f"unknown column(s) {', '.join(unknown)}",
            f"Remove or rename them; a {kind} lexicon has the columns {', '.join(schema.required + schema.optional)}.",
            1,
        )


def load_lexicon(kind: str, path: Resource, source: str, pack: str, actors: Mapping[str, str]) -> pd.DataFrame:
    """Return the rows of one lexicon of the pack named ``pack`` as a DataFrame of strings, validated
    (``source``: how messages name the file; ``actors``: the actors the manifest declares)."""
    import pandas as pd

    try:
        rows = read_csv_rows(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise StudyError(source, f"cannot be read ({exc})", "Check that the file exists and is UTF-8.") from None
    header = list(rows[0]) if rows else _header(path)
    names = _header(path)
    twice = next((c for c in names if names.count(c) > 1), None)
    if twice is not None:  # a row keeps one value per column name: the other would be lost
        raise StudyError(source, f"has two columns named {twice!r}", "Keep one column of each name.", 1)
    _check_columns(kind, header, source)
    schema = SCHEMAS[kind]
    seen: dict[str, int] = {}
    for row_no, row in enumerate(rows, start=2):
        if None in row:
            raise StudyError(source, "has more fields than the header", "Quote fields that contain commas.", row_no)
        for col in header:
            row[col] = (row[col] or "").strip()
        needed = schema.filled
        if kind == "framing" and row.get("target") != "context":
            needed = needed + ("actor",)  # only a generic label may leave its actor to the text
        for col in needed:
            if not row[col]:
                if col == "gloss_en":
                    raise StudyError(
                        source, "needs an English gloss", "Fill it in (every Arabic entry is glossed).", row_no
                    )
                raise StudyError(
                    source, f"needs a value in {col!r}", f"Fill in {col!r} (see the lexicon's README).", row_no
                )
        _check_row(kind, row, row_no, source, pack, actors)
        term = row.get("term") or row.get("phrase")
        if term is not None:
            norm = normalize(term)
            if not norm.split():
                raise StudyError(
                    source,
                    f"term {term!r} is empty once normalized, so it cannot match",
                    "Write the term with letters.",
                    row_no,
                )
            key = norm if kind not in ("framing", "neutral") else f"{norm}|{row['actor']}"
            if kind in ("framing", "neutral", "actors") and key in seen:
                raise StudyError(
                    source,
                    f"duplicate term {term!r} (same as row {seen[key]} once normalized)",
                    "Keep one row per term.",
                    row_no,
                )
            seen[key] = row_no
    frame = pd.DataFrame(rows, columns=header, dtype=str)
    for col in schema.optional:
        if col not in frame.columns:
            frame[col] = ""
    if kind == "framing":
        frame["polarity"] = frame["polarity"].astype(int)
        if "intensity" in header:
            frame["intensity"] = frame["intensity"].astype(int)
        frame["target"] = frame["target"].replace("", "term")
    return frame


def overlap_errors(
    framing: Sequence[str], neutral: Sequence[str], framing_source: str, neutral_source: str
) -> list[StudyError]:
    """Return a problem for each neutral name that is also a framing term once normalized (the terms
    of each file in row order): the framing row would win and the neutral row never be used,
    whichever the author meant."""
    scored: dict[str, int] = {}
    for row_no, term in enumerate(framing, start=2):
        scored.setdefault(normalize(term), row_no)
    errors = []
    for row_no, term in enumerate(neutral, start=2):
        key = normalize(term)
        if key in scored:
            errors.append(
                StudyError(
                    neutral_source,
                    f"term {term!r} is also row {scored[key]} of {framing_source} (once normalized): the framing "
                    "row would be scored and this one never used",
                    "Keep the term in one file: framing.csv if it takes a side, naming_neutral.csv if it does not.",
                    row_no,
                )
            )
    return errors


def check_overlap(framing: pd.DataFrame, neutral: pd.DataFrame, framing_source: str, neutral_source: str) -> None:
    """Raise the first of :func:`overlap_errors` of two validated lexicons."""
    errors = overlap_errors(list(framing["term"]), list(neutral["term"]), framing_source, neutral_source)
    if errors:
        raise errors[0]


def _header(path: Resource) -> list[str]:
    """Return the header of an empty CSV file."""
    with path.open("r", encoding="utf-8-sig") as fh:
        return [c.strip() for c in fh.readline().strip().split(",") if c.strip()]


def _check_row(kind: str, row: dict[str, str], row_no: int, source: str, pack: str, actors: Mapping[str, str]) -> None:
    """Raise StudyError when a value of ``row`` is outside its allowed set."""
    actor = row.get("actor")
    if actor and kind in ("actors", "framing", "neutral") and actor not in actors:
        raise StudyError(
            source,
            f"actor {actor!r} is not declared in the study's manifest",
            f"Declare it under [actors] in {pack}/study.toml, or fix the id.",
            row_no,
        )
    allowed = {
        ("actors", "kind"): ACTOR_KINDS,
        ("framing", "category"): CATEGORIES,
        ("neutral", "category"): CATEGORIES,
        ("attribution", "role"): ATTRIBUTION_ROLES,
        ("target_cues", "role"): TARGET_CUE_ROLES,
        ("boilerplate", "scope"): BOILERPLATE_SCOPES,
        ("framing", "polarity"): ("1", "-1", "+1"),
    }
    for (k, col), values in allowed.items():
        if k == kind and row[col] not in values:
            raise StudyError(
                source,
                f"{col} {row[col]!r} is not one of {', '.join(values)}",
                f"Use one of {', '.join(values)}.",
                row_no,
            )
    if kind == "framing" and row.get("target") not in (None, "", *TARGETS):
        raise StudyError(
            source,
            f"target {row['target']!r} is not one of {', '.join(TARGETS)}",
            "Write term (the row's actor), context (a generic label; leave actor empty or give a default), "
            "shared (a name both camps use; give a default actor) or anaphor (a descriptor of the row's actor).",
            row_no,
        )
    if kind == "framing" and row.get("intensity") not in (None, "0", "1", "2"):
        raise StudyError(
            source,
            f"intensity {row['intensity']!r} is not 0, 1 or 2",
            "Code 0 (conventional naming), 1 (marked) or 2 (loaded).",
            row_no,
        )
    if kind == "events":
        import datetime

        try:
            datetime.date.fromisoformat(row["date"])
        except ValueError:
            raise StudyError(
                source, f"date {row['date']!r} is not YYYY-MM-DD", "Write the date as 2019-04-04.", row_no
            ) from None
