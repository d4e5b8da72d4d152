"""Study packs as a whole: a new pack scaffolded, a pack summarized and checked.

:func:`scaffold_pack` writes the files of a new pack (a manifest with every key explained in a
comment, the lexicon CSVs with their headers, a README to fill in) that loads as it is, so a
researcher starts from a pack that works and fills it in; ``docs/study-packs.md`` documents every key
and column. :func:`pack_summary` describes a loaded pack (actors, camps, rows per category and
intensity) and lists what it probably does not mean (:attr:`~arabic_news.core.study.Study.warnings`
and the checks of :func:`pack_warnings`) and what is worth knowing (:func:`pack_notes`).
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Sequence
from pathlib import Path

from .errors import StudyError
from .lexicons import ACTOR_KINDS, CATEGORIES, SCHEMAS, overlap_errors
from .resources import read_csv_rows
from .study import Study, camp_errors, topic_warning

#: what the scaffold leaves for the author to write
PLACEHOLDER = "EDIT"
#: the columns of the actor candidates file ``studies init --from`` writes
CANDIDATE_COLUMNS = ("term", "documents", "actor", "kind", "gloss_en", "transliteration", "note")

MANIFEST = '''# The study pack "{name}": everything that belongs to one conflict, as data. Every key is explained
# below; docs/study-packs.md in the repository documents each key and each CSV column. Check the pack
# after every change with `arabic-news studies check {folder}` (add --corpus FILE to see what it finds).

name = "{name}"  # the pack's id: what --study takes once the folder is shipped with the package
title = "{placeholder}: what the pack studies, e.g. How Arabic outlets framed X (2019-2020)"  # report and chart title
description = """{placeholder}: the conflict, the period, the actors, the camps, and where the lexicon comes from."""

# a document must mention one of these (places, names) to be scored for stance: generic labels such as
# "the terrorists" designate other actors in other conflicts' coverage. Empty: every document is scored.
topic_terms = []

# plain proper names (people, places, groups): quotation marks around them are a house style, not scare quotes
proper_names = []

# words that may stand between the words of a framing term (a first name, a nationality adjective)
fillers = []

# the actors that tables and charts show by default, in this order; the first actor of each camp listed
# here is the "opponent" a label set against the other camp designates
key_actors = ["side_a", "side_b"]

[focus]  # whose naming `arabic-news sources` describes
actor = "side_a"
forces = ""  # optional: the actor id of his or its armed forces

[actors]  # id = {{ label = English label, pronouns = attached pronouns that may refer back to it
          #        (ه "his", ها "her/its", هم "their"), scored_as = the actor whose score its labels count for }}
side_a = {{ label = "{placeholder}: the first party", pronouns = ["ه"] }}
side_b = {{ label = "{placeholder}: the second party", pronouns = ["ها"] }}

# two camps; the first is the + end of the alignment axis. Each lists the actors it favours and those
# it opposes (never both). With more than two camps, axis = ["plus_camp", "minus_camp"] names the axis.
[camps.camp_a]
label = "{placeholder}: the camp of the first party"
outlets = "{placeholder}: how the glossary names its outlets, e.g. pro-A outlets"
favours = ["side_a"]
opposes = ["side_b"]

[camps.camp_b]
label = "{placeholder}: the camp of the second party"
outlets = "{placeholder}: e.g. pro-B outlets"
favours = ["side_b"]
opposes = ["side_a"]

[lexicons]  # file names in this folder
actors = "actors.csv"            # names and titles of each actor
framing = "framing.csv"          # the scored expressions, +1 / -1, intensity 0 / 1 / 2
neutral = "naming_neutral.csv"   # neutral names: matched and shown, never scored
# events = "events.csv"          # optional: date,label,event_en,evidence for timelines
# glossary = "glossary_extra.csv"  # optional: other Arabic words your notebooks discuss
# attribution, boilerplate, time_cues, target_cues: the package's general Arabic lists unless named here

# [corpus]                       # optional: the pack's own articles (a folder of .txt or a .jsonl/.csv file)
# articles = "validation/articles.jsonl"
# metadata = "metadata.csv"

# [normalization]                # optional: the folds the lexicons rely on (default: all of them)
# requires = ["nfkc", "direction_marks", "tatweel", "diacritics", "alef", "alef_maksura", "teh_marbuta", "persian"]
'''

README = """# {name}: {placeholder} (title)

A data-only study pack for `arabic_news`. Check it with `arabic-news studies check {folder}`; use it
with `--study {folder}` (command line) or `Context.of("{folder}")` (Python).

## Conflict and period

{placeholder}: the conflict, the period, why these actors and camps.

## Corpus

{placeholder}: where the articles come from (outlets, dates, how they were collected), how each outlet's
camp was decided (by owner or funder, never from the text), and the split into a discovery part (used to
build the lexicon) and a held-out part (used only to validate it).

## How the rows were found

{placeholder}: reading, `arabic-news discover`, `arabic-news kwic`; the evidence of each row is in its `note`.

## Coding the intensity

0 conventional, 1 marked, 2 loaded, by the wire-service test: would a neutral wire service (AFP, Reuters,
AP) write the expression in its own voice? See docs/study-packs.md.

## Validation

{placeholder}: `arabic-news validate CORPUS --study {folder} --label camp` on the held-out part.

## Limitations

{placeholder}
"""


def scaffold_pack(folder: str | Path, name: str | None = None, shown: str | None = None) -> list[Path]:
    """Write a new study pack into ``folder`` (which must not exist or be empty); return the files
    written. ``name``: the pack's id (default: the folder's name); ``shown``: the folder's name in the
    commands the manifest and README suggest (default: ``folder``'s own, e.g. when it is written in a
    temporary folder and moved into place)."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise StudyError(
            str(folder), "already exists and is not an empty folder", "Pick a new folder: init never overwrites."
        )
    name = name or folder.name
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name):
        raise StudyError(str(folder), f"{name!r} is not a pack id", "Use letters, digits, - and _ (e.g. syria-2019).")
    folder.mkdir(parents=True, exist_ok=True)
    values = {"name": name, "folder": shown or folder.name, "placeholder": PLACEHOLDER}
    written = [
        _write(folder / "study.toml", MANIFEST.format(**values)),
        _write(folder / "README.md", README.format(**values)),
    ]
    for file_name, kind in (("actors.csv", "actors"), ("framing.csv", "framing"), ("naming_neutral.csv", "neutral")):
        schema = SCHEMAS[kind]
        written.append(_write(folder / file_name, ",".join(schema.required + schema.optional) + "\n"))
    return written


def write_candidates(folder: str | Path, candidates: Sequence[dict]) -> Path:
    """Write frequent phrases of a corpus (term, documents) to ``actor_candidates.csv`` in a pack
    folder, with empty actor, kind, gloss_en, transliteration and note columns to fill in before
    the rows that name an actor move to ``actors.csv``; return its path."""
    path = Path(folder) / "actor_candidates.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CANDIDATE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: c.get(k, "") for k in CANDIDATE_COLUMNS} for c in candidates)
    return path


def _write(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` (UTF-8, LF); return the path."""
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


# --- a pack described and checked ------------------------------------------------------------------


def pack_summary(study: Study) -> dict:
    """Return a description of a loaded pack: name, title, location, actors, camps (with their end
    of the axis), sizes of the lists, framing rows by polarity, target, category and intensity, the
    lexicon files, then its ``notes`` and ``warnings``."""
    framing = study.framing
    axis = study.axis
    ends = {} if axis is None else {axis[0].id: "+", axis[1].id: "-"}
    kinds = study.actor_terms["kind"].value_counts()
    by_category = {}
    for category in CATEGORIES:
        rows = framing[framing["category"] == category]
        if len(rows):
            counts = rows["intensity"].value_counts()
            by_category[category] = {**{str(i): int(counts.get(i, 0)) for i in (0, 1, 2)}, "all": len(rows)}
    own = {kind: path.name for kind, path in study.files.items() if str(path).startswith(str(study.folder))}
    return {
        "name": study.name,
        "title": study.title,
        "location": str(study.folder) if study.shipped else study.shown,  # a user's folder as given
        "actors": dict(study.actors),
        "actor_terms": {k: int(kinds.get(k, 0)) for k in ACTOR_KINDS},
        "camps": [
            {
                "id": c.id,
                "label": c.label,
                "end": ends.get(c.id, ""),
                "favours": sorted(c.favours),
                "opposes": sorted(c.opposes),
            }
            for c in study.camps
        ],
        "topic_terms": len(study.topic_terms),
        "proper_names": len(study.proper_names),
        "fillers": len(study.fillers),
        "framing": {
            "rows": len(framing),
            "favourable": int((framing["polarity"] > 0).sum()),
            "hostile": int((framing["polarity"] < 0).sum()),
            "target_term": int((framing["target"] == "term").sum()),
            "target_context": int((framing["target"] == "context").sum()),
            "context_without_default_actor": int(((framing["target"] == "context") & (framing["actor"] == "")).sum()),
            "target_shared": int((framing["target"] == "shared").sum()),
            "target_anaphor": int((framing["target"] == "anaphor").sum()),
            "by_category": by_category,
        },
        "neutral": len(study.neutral),
        "lexicons": {kind: own.get(kind, "general list") for kind in sorted(study.files)},
        "notes": pack_notes(study),
        "warnings": [*study.warnings, *pack_warnings(study)],
    }


def pack_warnings(study: Study) -> list[str]:
    """Return what the pack accepts but probably does not mean, beyond :attr:`Study.warnings`: no
    framing rows, no camps, a ``[corpus]`` file that is missing, placeholders of the scaffold left in
    the manifest."""
    where = f"{study.name}/study.toml"
    out = []
    if not len(study.framing):
        out.append(
            f"{study.name}/{study.files['framing'].name}: has no rows, so nothing is scored (add the expressions)"
        )
    if study.axis is None:
        out.append(f"{where}: declares no camps, so documents get actor scores but no alignment (add two [camps.*])")
    for key, path in (("articles", study.articles), ("metadata", study.metadata)):
        if path is not None and not (path.is_file() or path.is_dir()):
            out.append(
                f"{where}: [corpus] {key} names {path.name!r}, which is not in the pack (add it or remove the key)"
            )
    texts = [study.title, study.description, *study.actors.values(), *(c.label for c in study.camps)]
    if any(PLACEHOLDER + ":" in t for t in texts):
        out.append(f"{where}: still holds {PLACEHOLDER} placeholders (title, description, labels): write them")
    return out


def pack_notes(study: Study) -> list[str]:
    """Return facts about the pack worth knowing before an analysis: framing rows on actors of
    neither camp (scored per actor, not on the axis), actors without a name or title in the actor
    lexicon (a generic label can then attach to them only through a framing term or a pronoun)."""
    out = []
    in_camps = {a for c in study.camps for a in (c.favours | c.opposes)}
    framed = [a for a in study.framing["actor"] if a]
    outside = sorted({a for a in framed if study.scored_as.get(a, a) not in in_camps})
    if outside and study.camps:
        n = sum(1 for a in framed if a in outside)
        out.append(
            f"{n} framing rows frame actors of neither camp ({', '.join(outside)}): actor scores, not the alignment"
        )
    named = set(study.actor_terms.loc[study.actor_terms["kind"].isin(["name", "title"]), "actor"])
    unnamed = [a for a in study.actors if a not in named and a in in_camps]
    if unnamed:
        out.append(f"actors of a camp without a name or title in the actor lexicon: {', '.join(unnamed)}")
    return out


def pack_problems(folder: str | Path) -> tuple[list[StudyError], list[str]]:
    """Return every problem (errors) and warning of the rules between a pack's parts, found without
    loading it, so that a check reports them all at once (loading stops at the first): each camp
    problem (:func:`~arabic_news.core.study.camp_errors`), each term both scored and neutral
    (:func:`~arabic_news.core.lexicons.overlap_errors`), an empty topic gate. Nothing when the
    manifest cannot be read (loading says why)."""
    folder = Path(folder)
    if folder.name == "study.toml":
        folder = folder.parent
    try:
        data = tomllib.loads((folder / "study.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return [], []
    source = str(folder)  # the path as given, as loading names it
    where = f"{source}/study.toml"
    errors = camp_errors(data, where)
    topics = data.get("topic_terms", [])
    warning = topic_warning(tuple(topics) if isinstance(topics, list) else ("?",), where)
    files = data.get("lexicons", {}) if isinstance(data.get("lexicons"), dict) else {}
    terms = {kind: _terms(folder / str(files[kind])) for kind in ("framing", "neutral") if kind in files}
    if len(terms) == 2:  # the files named by their path, as loading names them (a copy keeps the pack's name)
        errors += overlap_errors(
            terms["framing"], terms["neutral"], f"{source}/{files['framing']}", f"{source}/{files['neutral']}"
        )
    return errors, [warning] if warning else []


def _terms(path: Path) -> list[str]:
    """Return the ``term`` column of a lexicon CSV, row by row (empty when it cannot be read)."""
    try:
        return [(row.get("term") or "").strip() for row in read_csv_rows(path)]
    except (OSError, UnicodeDecodeError, csv.Error):
        return []
