"""Study packs: a case study as data, loaded and validated.

A study pack is a folder with a manifest, ``study.toml``, and CSV lexicons: the actors of a conflict
and their name variants, the camps (which actors each camp favours and which it opposes), the
framing lexicon, neutral names, events, and optionally the case-study articles. Packs ship inside
the package (``arabic_news/studies/``, read with :mod:`importlib.resources`) or live anywhere on
disk; :func:`load_study` takes a pack name or a folder. Every analysis that uses a lexicon takes a
:class:`Study`; nothing about a particular conflict is written in code.

The manifest may also list ``fillers`` (words that may stand between the words of a framing term: a
nationality adjective inside a title) and, per actor, ``scored_as`` (the actor whose stance a label on
this one counts for) and ``pronouns`` (the attached pronouns that may refer back to it); the stance
analysis uses them to attribute generic labels (framing rows with ``target = context``).

Attribution cues (verbs of saying, kinds of source), boilerplate cues and time expressions are
properties of Arabic news prose, not of a conflict: the package ships general lists of them
(``arabic_news/lexicons/``), which a pack may replace with its own (``[lexicons]`` in the manifest).

Everything is validated on load. A problem is a :class:`StudyError` naming the file (and CSV row),
the problem and the fix: unknown or missing columns, empty glosses, duplicate terms, actors used in
a lexicon but not declared in the manifest, categories or polarities outside their lists, terms that
normalize to nothing, a term both scored and neutral, one camp, a camp that both favours and opposes an
actor, more than two camps without an ``axis`` naming the two ends of the alignment axis. What a pack
accepts but probably does not mean (an empty ``topic_terms``, which turns the topic gate off) is kept
in :attr:`Study.warnings`. :mod:`arabic_news.core.packs` checks a pack as a whole and scaffolds new ones.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import StudyError
from .lexicons import GENERAL_LEXICONS, REQUIRED_LEXICONS, SCHEMAS, check_overlap, load_lexicon
from .resources import Resource, general_lexicon, studies_root
from .text import NormalizeOptions, normalize

if TYPE_CHECKING:
    import pandas as pd


#: normalization effects that lexicon matching relies on (see :meth:`Study.check_options`)
MATCHING_FOLDS = ("nfkc", "direction_marks", "tatweel", "diacritics", "alef", "alef_maksura", "teh_marbuta", "persian")
_MANIFEST_KEYS = {
    "name",
    "fillers",
    "title",
    "description",
    "topic_terms",
    "proper_names",
    "key_actors",
    "default",
    "focus",
    "actors",
    "camps",
    "axis",
    "lexicons",
    "corpus",
    "normalization",
}


@dataclass(frozen=True)
class Camp:
    """One side of the conflict: the actors it favours and those it opposes."""

    id: str
    label: str
    outlets: str
    favours: frozenset[str]
    opposes: frozenset[str]


@dataclass(frozen=True, eq=False)
class Study:
    """A validated study pack: manifest values plus its lexicons (loaded on first use)."""

    name: str
    title: str
    description: str
    folder: Resource = field(repr=False)
    topic_terms: tuple[str, ...] = field(repr=False)
    proper_names: tuple[str, ...] = field(repr=False)
    key_actors: tuple[str, ...]
    focus_actor: str
    focus_forces: str | None
    actors: Mapping[str, str] = field(repr=False)  # id -> English label
    camps: tuple[Camp, ...] = field(repr=False)
    files: Mapping[str, Resource] = field(repr=False)  # lexicon kind -> file
    articles: Resource | None = field(repr=False)
    metadata: Resource | None = field(repr=False)
    requires: tuple[str, ...] = field(repr=False)
    default: bool = field(default=False, repr=False)
    fillers: tuple[str, ...] = field(default=(), repr=False)
    scored_as: Mapping[str, str] = field(default_factory=dict, repr=False)  # actor -> actor it is scored as
    pronouns: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False)  # actor -> suffixes
    #: a hash of the manifest and of every lexicon file's contents: two studies with the same
    #: fingerprint have the same lexicons (what is built from them can be reused)
    fingerprint: str = field(default="", repr=False)
    #: what the pack accepts but probably does not mean (one line each: the file and the fix); the
    #: command line prints them, ``arabic-news studies check`` lists them
    warnings: tuple[str, ...] = field(default=(), repr=False)
    #: how messages name the pack's folder: the path as the user gave it (the folder is resolved)
    shown: str = field(default="", repr=False)

    # --- lexicons --------------------------------------------------------------------------------

    def lexicon(self, kind: str) -> pd.DataFrame:
        """Return the validated lexicon of ``kind`` (``actors``, ``framing``, ``neutral``, ...)."""
        return self._lexicons[kind]

    @cached_property
    def _lexicons(self) -> dict[str, pd.DataFrame]:
        """Load and validate every lexicon of the study once."""
        return {
            kind: load_lexicon(kind, path, self._source(path), self.name, self.actors)
            for kind, path in self.files.items()
        }

    def _source(self, path: Resource) -> str:
        """Return how messages name a lexicon file: inside a shipped pack by the pack's name, else by
        its path as the user gave it (a copied pack's file by the copy's path, never by the shipped
        pack's name)."""
        folder = str(self.folder)
        if not str(path).startswith(folder):
            return str(path)
        if self.shipped:
            return f"{self.name}/{path.name}"
        return f"{self.shown or folder}{str(path)[len(folder) :]}"

    @property
    def shipped(self) -> bool:
        """Return True for a pack that ships with the package (False for a folder of the user's)."""
        return str(self.folder).startswith(str(studies_root()))

    @property
    def framing(self) -> pd.DataFrame:
        """Return the framing lexicon (scored expressions)."""
        return self.lexicon("framing")

    @property
    def neutral(self) -> pd.DataFrame:
        """Return the neutral names (matched and shown, never scored)."""
        return self.lexicon("neutral")

    @property
    def actor_terms(self) -> pd.DataFrame:
        """Return the actor lexicon: names, titles and descriptors of each actor."""
        return self.lexicon("actors")

    def with_lexicon(self, path: str | Path, kind: str = "framing") -> Study:
        """Return a copy of this study whose ``kind`` lexicon is the CSV at ``path`` (validated)."""
        if kind not in SCHEMAS:
            raise StudyError(str(path), f"unknown lexicon kind {kind!r}", f"Use one of {', '.join(SCHEMAS)}.")
        files = {**self.files, kind: Path(path)}
        study = replace(self, files=files, fingerprint=_fingerprint(self.fingerprint, files))
        study.lexicon(kind)  # validate now, not at first use
        if kind in ("framing", "neutral"):
            check_overlap(
                study.framing, study.neutral, study._source(files["framing"]), study._source(files["neutral"])
            )
        return study

    # --- actors and camps -----------------------------------------------------------------------

    def label(self, actor: str) -> str:
        """Return the English label of ``actor`` (the id itself when it is not declared)."""
        return self.actors.get(actor, actor)

    @property
    def axis(self) -> tuple[Camp, Camp] | None:
        """Return the two camps of the alignment axis (+ end first), or None without two camps."""
        return (self.camps[0], self.camps[1]) if len(self.camps) >= 2 else None

    def camp_favouring(self, actor: str) -> Camp | None:
        """Return the first camp that favours ``actor``, or None."""
        return next((c for c in self.camps if actor in c.favours), None)

    @cached_property
    def name_words(self) -> frozenset[str]:
        """Return the normalized words of the study's proper names: plain names, which quotation
        marks around them do not turn into scare quotes."""
        return frozenset(w for t in self.proper_names for w in normalize(t).split())

    # --- normalization --------------------------------------------------------------------------

    def check_options(self, options: NormalizeOptions) -> None:
        """Raise StudyError when ``options`` turn off a fold that this study's lexicons rely on.

        Lexicon terms are written once (الإمارات, حكومة); they match الامارات or حكومه only because
        matching folds alef and teh marbuta forms. A corpus loaded without such a fold would
        silently lose hits, so lexicon analyses refuse it and name the option.
        """
        for fold in self.requires:
            if getattr(options, fold):
                continue
            example = self._example_for(fold)
            shown = f" (e.g. {example!r} would no longer match its other spellings)" if example else ""
            raise StudyError(
                f"study {self.name!r}",
                f"the analysis normalizes with {fold}=False, but the study's lexicons rely on {fold} folding{shown}",
                f"Normalize with {fold}=True for lexicon analyses (the default), or write every "
                "spelling into the lexicons and leave the fold out of `[normalization] requires` in the "
                "study's manifest",
            )

    def _example_for(self, fold: str) -> str | None:
        """Return a lexicon term whose normalized form depends on ``fold``, if any."""
        without = NormalizeOptions(**{fold: False})
        for term in self.framing["term"]:
            if normalize(term, without) != normalize(term):
                return term
        return None


# --- loading ---------------------------------------------------------------------------------------


def _read_manifest(folder: Resource, source: str) -> dict:
    """Return the parsed ``study.toml`` of ``folder``."""
    manifest = folder / "study.toml"
    if not manifest.is_file():
        raise StudyError(source, "has no study.toml", "A study pack is a folder with a study.toml manifest.")
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise StudyError(f"{source}/study.toml", f"is not valid TOML ({exc})", "Fix the syntax.") from None
    unknown = sorted(set(data) - _MANIFEST_KEYS)
    if unknown:
        raise StudyError(
            f"{source}/study.toml",
            f"unknown key(s) {', '.join(unknown)}",
            f"A manifest has the keys {', '.join(sorted(_MANIFEST_KEYS))}.",
        )
    return data


def _strings(value: object, what: str, source: str) -> tuple[str, ...]:
    """Return ``value`` as a tuple of strings, or raise StudyError."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise StudyError(source, f"{what} must be a list of strings", f'Write {what} = ["...", ...].')
    return tuple(value)


def _actor_links(specs: dict, actors: Mapping[str, str], where: str) -> tuple[dict, dict]:
    """Return the ``scored_as`` and ``pronouns`` of the manifest's actors, checked.

    ``scored_as`` names the actor whose stance score a label on this actor counts for (Haftar's
    forces for Haftar); ``pronouns`` lists the attached pronouns (ه, ها, هم) that may refer back to
    the actor, for labels such as مليشياته ("his militias").
    """
    from .match import PRONOUN_SUFFIXES

    scored_as: dict[str, str] = {}
    pronouns: dict[str, tuple[str, ...]] = {}
    for actor_id, spec in specs.items():
        target = spec.get("scored_as")
        if target is not None:
            if target not in actors:
                raise StudyError(
                    where, f"actor {actor_id!r} is scored_as {target!r}, which is not declared", "Fix the id."
                )
            scored_as[actor_id] = target
        suffixes = _strings(spec.get("pronouns", []), f"{actor_id}.pronouns", where)
        unknown = [p for p in suffixes if p not in PRONOUN_SUFFIXES]
        if unknown:
            raise StudyError(
                where,
                f"actor {actor_id!r} has unknown pronoun(s) {', '.join(unknown)}",
                f"Use attached pronouns among {', '.join(PRONOUN_SUFFIXES)}.",
            )
        if suffixes:
            pronouns[actor_id] = suffixes
    return scored_as, pronouns


def _study_from(folder: Resource, source: str) -> Study:
    """Return the Study described by the pack in ``folder`` (manifest checked, lexicons lazily)."""
    data = _read_manifest(folder, source)
    where = f"{source}/study.toml"
    for key in ("name", "title", "actors", "lexicons"):
        if key not in data:
            raise StudyError(where, f"has no {key!r}", "See the package README for the manifest format.")
    actors = {}
    for actor_id, spec in data["actors"].items():
        if not isinstance(spec, dict) or not isinstance(spec.get("label"), str):
            raise StudyError(where, f"actor {actor_id!r} has no label", f'Write {actor_id} = {{ label = "..." }}.')
        actors[actor_id] = spec["label"]
    scored_as, pronouns = _actor_links(data["actors"], actors, where)

    def declared(actor: str, what: str) -> str:
        if actor not in actors:
            raise StudyError(
                where,
                f"{what} names actor {actor!r}, which is not declared under [actors]",
                "Declare it, or fix the id.",
            )
        return actor

    camps = _camps(data, declared, where)
    focus = data.get("focus", {})
    focus_actor = declared(focus.get("actor", next(iter(actors))), "[focus] actor")
    forces = focus.get("forces") or None
    if forces:
        declared(forces, "[focus] forces")
    files: dict[str, Resource] = {}
    for kind, name in data["lexicons"].items():
        if kind not in SCHEMAS:
            raise StudyError(where, f"unknown lexicon {kind!r}", f"Lexicons are {', '.join(SCHEMAS)}.")
        path = folder / name
        if not path.is_file():
            raise StudyError(
                where, f"lexicon {kind} = {name!r} does not exist in the pack", "Add the file or fix its name."
            )
        files[kind] = path
    for kind in REQUIRED_LEXICONS:
        if kind not in files:
            raise StudyError(where, f"names no {kind} lexicon", f'Add {kind} = "{kind}.csv" under [lexicons].')
    for kind, name in GENERAL_LEXICONS.items():
        files.setdefault(kind, general_lexicon(name))
    corpus = data.get("corpus", {})
    articles = folder / corpus["articles"] if "articles" in corpus else None
    metadata = folder / corpus["metadata"] if "metadata" in corpus else None
    requires = _strings(
        data.get("normalization", {}).get("requires", list(MATCHING_FOLDS)), "[normalization] requires", where
    )
    known = {f.name for f in fields(NormalizeOptions)}
    for fold in requires:
        if fold not in known:
            raise StudyError(
                where, f"unknown normalization option {fold!r}", f"Options are {', '.join(sorted(known))}."
            )
    key_actors = tuple(
        declared(a, "key_actors") for a in _strings(data.get("key_actors", list(actors)), "key_actors", where)
    )
    topic_terms = _strings(data.get("topic_terms", []), "topic_terms", where)
    notes = tuple(w for w in [topic_warning(topic_terms, where)] if w)
    study = Study(
        name=data["name"],
        title=data["title"],
        description=data.get("description", ""),
        folder=folder,
        topic_terms=topic_terms,
        proper_names=_strings(data.get("proper_names", []), "proper_names", where),
        key_actors=key_actors,
        focus_actor=focus_actor,
        focus_forces=forces,
        actors=actors,
        camps=tuple(camps),
        files=files,
        articles=articles,
        metadata=metadata,
        requires=requires,
        default=bool(data.get("default", False)),
        fillers=_strings(data.get("fillers", []), "fillers", where),
        scored_as=scored_as,
        pronouns=pronouns,
        shown=source,
        fingerprint=_fingerprint((folder / "study.toml").read_text(encoding="utf-8"), files),
        warnings=notes,
    )
    lexicons = study._lexicons  # validate every lexicon on load
    check_overlap(
        lexicons["framing"], lexicons["neutral"], study._source(files["framing"]), study._source(files["neutral"])
    )
    return study


def camp_errors(data: dict, where: str) -> list[StudyError]:
    """Return the problems of a manifest's camps (``data``: the parsed manifest): one camp; an actor a
    camp both favours and opposes; more than two camps without ``axis`` naming the two ends of the
    alignment axis; an ``axis`` that does not name two declared camps."""
    camps = data.get("camps", {})
    ids = list(camps)
    errors = []
    for camp_id, spec in camps.items():
        both = sorted(set(_listed(spec, "favours")) & set(_listed(spec, "opposes")))
        if both:
            errors.append(
                StudyError(
                    where,
                    f"camp {camp_id!r} both favours and opposes {', '.join(both)}",
                    "Keep each actor in one of the camp's lists (favours or opposes).",
                )
            )
    if len(ids) == 1:
        errors.append(StudyError(where, "declares one camp", "Declare two camps (the alignment axis) or none."))
    if "axis" not in data:
        if len(ids) > 2:
            errors.append(
                StudyError(
                    where,
                    f"declares {len(ids)} camps ({', '.join(ids)}) but the alignment axis has two ends",
                    f'Declare two camps, or name the two of the axis (+ end first): axis = ["{ids[0]}", "{ids[1]}"].',
                )
            )
        return errors
    axis = data["axis"]
    if not (isinstance(axis, list) and len(axis) == 2 and len(set(map(str, axis))) == 2 and set(axis) <= set(ids)):
        errors.append(
            StudyError(
                where,
                f"axis = {axis!r} does not name two of the declared camps ({', '.join(ids) or 'none'})",
                'Write axis = ["PLUS_CAMP", "MINUS_CAMP"] with two camp ids (the + end first), or leave it out.',
            )
        )
    return errors


def _listed(spec: object, key: str) -> list[str]:
    """Return the strings of a camp's list ``key`` (nothing when it is not a list of strings)."""
    value = spec.get(key, []) if isinstance(spec, dict) else []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def topic_warning(topic_terms: tuple[str, ...], where: str) -> str | None:
    """Return the warning of an empty topic gate (None when the pack lists topic terms)."""
    if topic_terms:
        return None
    return (
        f"{where}: topic_terms is empty, so the topic gate is off: every document is scored, whatever its "
        'subject (list the places and names of the conflict: topic_terms = ["...", ...])'
    )


def _camps(data: dict, declared: Callable[[str, str], str], where: str) -> tuple[Camp, ...]:
    """Return the camps of the manifest, the two of the alignment axis first (+ end first); refuse
    the first of :func:`camp_errors`."""
    errors = camp_errors(data, where)
    if errors:
        raise errors[0]
    camps = []
    for camp_id, spec in data.get("camps", {}).items():
        label = spec.get("label", camp_id)
        favours = frozenset(
            declared(a, f"camp {camp_id!r}") for a in _strings(spec.get("favours", []), "favours", where)
        )
        opposes = frozenset(
            declared(a, f"camp {camp_id!r}") for a in _strings(spec.get("opposes", []), "opposes", where)
        )
        camps.append(Camp(camp_id, label, spec.get("outlets", label), favours, opposes))
    if "axis" not in data:
        return tuple(camps)
    by_id = {c.id: c for c in camps}
    plus, minus = data["axis"]
    return (by_id[plus], by_id[minus], *(c for c in camps if c.id not in (plus, minus)))


def _fingerprint(manifest: str, files: Mapping[str, Resource]) -> str:
    """Return the hash of a manifest's text and of the contents of a study's lexicon files."""
    import hashlib

    digest = hashlib.sha256(manifest.encode("utf-8"))
    for kind in sorted(files):
        digest.update(f"\0{kind}\0".encode())
        digest.update(files[kind].read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=32)
def _shipped(name: str) -> Study:
    """Return the shipped study pack ``name`` (cached)."""
    return _study_from(studies_root() / name, name)


@lru_cache(maxsize=32)
def _on_disk(folder: str, shown: str, signature: tuple[tuple[str, int], ...]) -> Study:
    """Return the study pack in ``folder`` (its resolved path; cached until one of its files changes:
    ``signature``), its files named in messages under ``shown``, the path as the user gave it."""
    return _study_from(Path(folder), shown)


def _signature(folder: Path) -> tuple[tuple[str, int], ...]:
    """Return (name, modification time) of the manifest and lexicons of a pack folder."""
    files = [p for p in folder.iterdir() if p.suffix in (".toml", ".csv")] if folder.is_dir() else []
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in files))


def shipped_study_names() -> list[str]:
    """Return the names of the study packs that ship with the package."""
    return sorted(p.name for p in studies_root().iterdir() if p.is_dir() and (p / "study.toml").is_file())


def load_study(study: str | Path | Study | None = None) -> Study:
    """Return a validated study pack: a shipped pack's name, a folder (or its study.toml), or the
    default pack (None)."""
    if isinstance(study, Study):
        return study
    if study is None:
        defaults = [s for s in map(_shipped, shipped_study_names()) if s.default]
        if len(defaults) != 1:
            raise StudyError(
                "arabic_news/studies",
                f"{len(defaults)} packs are marked default",
                "Mark exactly one shipped pack with default = true.",
            )
        return defaults[0]
    path = Path(study)
    if path.name == "study.toml":
        path = path.parent
    if str(study) in shipped_study_names() and not path.is_dir():
        return _shipped(str(study))
    if path.is_dir():
        return _on_disk(str(path.resolve()), str(path), _signature(path))
    raise StudyError(
        str(study),
        "is neither a shipped study pack nor a folder",
        f"Use one of {', '.join(shipped_study_names())}, or the path of a pack folder.",
    )


def list_studies() -> list[Study]:
    """Return every shipped study pack."""
    return [_shipped(name) for name in shipped_study_names()]
