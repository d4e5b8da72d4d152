"""What the stance analysis builds from a study's lexicons, once per context: the framing rows of each
term, the matchers (framing terms, topic terms, actor names, verbs of saying, words of fighting) and
the camps' axis. :func:`stance_lexicon` keeps it per process for a context; a scorer given its own
lexicon DataFrames builds its own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...core.context import Context, context_cached
from ...core.errors import StudyError
from ...core.match import PhraseMatcher
from ...core.text import NormalizeOptions, normalize
from .quotes import saying_matcher

if TYPE_CHECKING:
    import pandas as pd

    from ...core.study import Study


#: categories of the expressions that name or describe an actor (names, titles, force labels, legitimacy
#: markers such as حكومة الوفاق الشرعية "the legitimate GNA")
NAMING_CATEGORIES = frozenset({"naming_titles", "force_labels", "legitimacy_markers"})


@dataclass(frozen=True)
class LexiconRow:
    """What a lexicon row says about a term: actor (may be empty), polarity, category, intensity,
    and how the actor is found (``target``: term, context, shared or anaphor, see
    :data:`~arabic_news.core.lexicons.TARGETS`)."""

    actor: str
    polarity: int
    category: str
    intensity: int
    target: str = "term"

    @property
    def generic(self) -> bool:
        """Return True when the text decides the row's actor (every target but ``term``)."""
        return self.target != "term"

    @property
    def names_actor(self) -> bool:
        """Return True when the term names or describes an actor (a name, title, force label or
        legitimacy marker; not a generic label): in indirect speech, the reporter's words."""
        return self.target != "context" and bool(self.actor) and self.category in NAMING_CATEGORIES


def _target(value: object) -> str:
    """Return a lexicon row's target (``term`` when the lexicon has none)."""
    return value if isinstance(value, str) and value else "term"


def lexicon_intensity(value: object) -> int:
    """Return a lexicon intensity as an int (1 when the lexicon has none)."""
    return 1 if value is None or str(value).strip() in ("", "nan") else int(value)


class StanceLexicon:
    """The framing and neutral rows of a study (or of DataFrames replacing them) and every matcher
    the stance analysis needs, built for one normalization."""

    def __init__(self, ctx: Context, lexicon: pd.DataFrame, neutral: pd.DataFrame) -> None:
        study, options = ctx.study, ctx.options
        self.study: Study = study
        self.options: NormalizeOptions = options
        self.lexicon = lexicon.reset_index(drop=True)
        self.neutral = neutral.reset_index(drop=True)
        self.scored_as = dict(study.scored_as)
        lex = self.lexicon
        #: the actors the framing lexicon scores (an actor counted as another, such as Sarraj for the
        #: GNA, is scored as that one)
        self.actors: tuple[str, ...] = tuple(dict.fromkeys(self.scored_as.get(a, a) for a in lex["actor"] if a))
        intensities = lex["intensity"] if "intensity" in lex else [None] * len(lex)
        targets = lex["target"] if "target" in lex else ["term"] * len(lex)
        rows: dict[str, list[LexiconRow]] = {}
        for term, actor, pol, cat, inten, target in zip(
            lex["term"], lex["actor"], lex["polarity"], lex["category"], intensities, targets
        ):
            rows.setdefault(term, []).append(
                LexiconRow(actor or "", int(pol), cat, lexicon_intensity(inten), _target(target))
            )
        scored = {normalize(t, options) for t in rows}
        for term, actor, cat in zip(self.neutral["term"], self.neutral["actor"], self.neutral["category"]):
            if normalize(term, options) not in scored:
                rows.setdefault(term, []).append(LexiconRow(actor, 0, cat, 0))
        #: term -> the rows it stands for (a term may frame several actors)
        self.rows = rows
        if not rows:
            raise StudyError(
                f"study {study.name!r}",
                "has no framing rows and no neutral names, so there is nothing to score",
                "Add the expressions to framing.csv (see docs/study-packs.md and `arabic-news studies check`).",
            )
        fillers = study.fillers
        self.matcher = PhraseMatcher(rows, options=options, fillers=fillers)
        self.topic = PhraseMatcher(study.topic_terms, options=options) if study.topic_terms else None
        self.saying = saying_matcher(ctx)
        self.names = frozenset(normalize(w, options) for w in study.name_words)
        actor_lex = study.actor_terms
        named = actor_lex[actor_lex["kind"].isin(["name", "title"])]
        #: a name, title or framing term that names an actor -> that actor (a label whose actor the
        #: text decides, such as the shared name الجيش الليبي "the Libyan army", names none)
        self.mention_actor = {t: r.actor for t, rs in rows.items() for r in rs if r.actor and not r.generic}
        self.mention_actor.update(zip(named["term"], named["actor"]))
        decided = {normalize(t, options) for t, rs in rows.items() if any(r.generic for r in rs)}
        self.mention_actor = {t: a for t, a in self.mention_actor.items() if normalize(t, options) not in decided}
        #: a shared name (الجيش الليبي) -> its row: a mention of the actor the document gives it
        self.shared = {t: r for t, rs in rows.items() for r in rs if r.target == "shared"}
        self.mention_actor.update({t: r.actor for t, r in self.shared.items()})
        if not self.mention_actor:
            raise StudyError(
                f"study {study.name!r}",
                "names no actor: actors.csv has no name or title and no framing row names its actor",
                "Add the names of the actors to actors.csv (kind = name).",
            )
        self.mentions = PhraseMatcher(self.mention_actor, options=options, fillers=fillers)
        cues = study.lexicon("target_cues")
        self.linkers = frozenset(normalize(t, options) for t in cues.loc[cues["role"] == "linker", "term"])
        opposing = cues[cues["role"].isin(["fighting", "accusation"])]
        self.opposition = PhraseMatcher(opposing["term"], options=options)
        self.fighting = frozenset(opposing.loc[opposing["role"] == "fighting", "term"])
        self.pronouns = {a: set(p) for a, p in study.pronouns.items()}
        self.axis = self._axis_signs()
        self.opponent = self._opponents()

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
            other = next((a for a in order if self.axis.get(a) == -side), None)
            if other is not None:
                out[side] = other
        return out

    def axis_sign(self, actor: str) -> int:
        """Return +1 when ``actor`` is favoured by the + camp, -1 by the - camp, 0 otherwise."""
        return self.axis.get(actor, 0)


@context_cached
def stance_lexicon(ctx: Context) -> StanceLexicon:
    """Return the stance lexicon of the context's study (its framing and neutral lexicons)."""
    return StanceLexicon(ctx, ctx.study.framing, ctx.study.neutral)
