"""Whom a generic label targets: the actor its pronoun refers to, the actor named right after it,
or the one side its clause names (rule 3 of :mod:`arabic_news.analyses.stance`)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ...core.match import Match
from ...core.text import CLAUSE_BREAKS, WORD_RE, NormalizedText, normalize, word_spans
from .quotes import REPORTED_OPENERS

if TYPE_CHECKING:
    from .lexicon import LexiconRow, StanceLexicon

#: a generic label attaches to an actor named at most this many words after it (same clause)
NAME_WINDOW = 4
#: the farthest (in characters) that target attribution looks around a label: a clause is cut to
#: this many characters on each side, a pronoun's antecedent is sought at most this far back (a
#: transcript without punctuation is one long clause)
CONTEXT_CHARS = 300
#: a pronoun's antecedent is the subject of the label's clause when that actor is named within the
#: clause's first SUBJECT_WORDS words (حفتر يدعو ... / يدعو حفتر ...: the actor of the main verb)
SUBJECT_WORDS = 2


@dataclass(frozen=True)
class Mention:
    """An actor named in a document: raw span and the actor it counts for."""

    start: int
    end: int
    actor: str
    named: str  # the actor of the actor lexicon row (for pronouns)
    via: str = ""  # for a shared name: how its actor was found (name, clause, document)


class Surroundings:
    """What a document says around its generic labels: actors named, sentences, clauses, words of
    fighting; resolves the target of a generic label (see the module docstring, rule 3).

    ``side`` is the side of the camps' axis (+1 / -1) that the document's own-voice terms all point
    to (0 when they do not agree or there are none): a shared name the sentence does not attach
    (الجيش الليبي, "the Libyan army") is the army of that side's camp."""

    def __init__(
        self,
        raw: str,
        view: NormalizedText,
        sentences: Sequence,
        lex: StanceLexicon,
        side: int = 0,
        words: tuple[list[str], list[int], list[int]] | None = None,
    ) -> None:
        self.raw, self.lex = raw, lex
        # the document's normalized words with their raw spans (Document.word_spans): words are counted
        # on them, so that an invisible character inside a raw word never splits it in two
        self._words, self._word_starts, self._word_ends = words if words is not None else word_spans(view)
        found = lex.mentions.finditer_normalized(view)
        self.mentions = [
            Mention(m.start, m.end, lex.scored_as.get(a, a), a) for m in found for a in [lex.mention_actor[m.term]]
        ]
        self._mention_starts = [m.start for m in self.mentions]
        self._sentences = [(s.start, s.end) for s in sentences]
        self._sentence_starts = [s.start for s in sentences]
        self._breaks = [i for i, ch in enumerate(raw) if ch in CLAUSE_BREAKS]
        cues = lex.opposition.finditer_normalized(view)
        self._cues = [(m.start, m.end) for m in cues]
        self._cue_terms = [m.term for m in cues]
        self._cue_starts = [s for s, _e in self._cues]
        self._fights = [(m.start, m.end) for m in cues if m.term in lex.fighting]
        self._fight_starts = [s for s, _e in self._fights]
        self._openers = {normalize(w, lex.options) for w in REPORTED_OPENERS}
        shared = [(k, lex.shared[m.term]) for k, m in enumerate(found) if m.term in lex.shared]
        resolved = {k: self._shared_actor(self.mentions[k], row, side) for k, row in shared}
        for k, (actor, via) in resolved.items():
            self.mentions[k] = replace(self.mentions[k], actor=actor, named=actor, via=via)
        self._shared = {(self.mentions[k].start, self.mentions[k].end): self.mentions[k] for k in resolved}

    def _shared_actor(self, x: Mention, row: LexiconRow, side: int) -> tuple[str, str]:
        """Return (actor, via) of a shared name: the actor named after it, the opponent of the actor
        it fights in its clause, else the camp the document's own voice takes (``side``), else the
        row's actor."""
        found = self._by_name(x.start, x.end)
        if found:
            return found, "name"
        found = self._by_clause(x.start, x.end, opposed_only=True)
        if found:
            return found, "clause"
        own = self.lex.axis_sign(row.actor)
        if side and own and side == -own * row.polarity:
            return self.lex.opponent.get(own, row.actor), "document"
        return row.actor, "document"

    def _clause(self, start: int, end: int) -> tuple[int, int]:
        """Return the raw span of the clause around [start, end): between two clause breaks, at
        most CONTEXT_CHARS characters on each side."""
        k = bisect.bisect_left(self._breaks, start)
        lo = self._breaks[k - 1] + 1 if k > 0 else 0
        k = bisect.bisect_left(self._breaks, end)
        hi = self._breaks[k] if k < len(self._breaks) else len(self.raw)
        return max(lo, start - CONTEXT_CHARS), min(hi, end + CONTEXT_CHARS)

    def _sentence(self, pos: int) -> tuple[int, int]:
        """Return the raw span of the sentence holding ``pos``."""
        k = bisect.bisect_right(self._sentence_starts, pos) - 1
        return self._sentences[k] if k >= 0 else (0, len(self.raw))

    def _sentence_start(self, pos: int, back: int = 0) -> int:
        """Return the start of the sentence holding ``pos`` (``back`` sentences earlier)."""
        k = max(0, bisect.bisect_right(self._sentence_starts, pos) - 1 - back)
        return self._sentence_starts[k] if self._sentence_starts else 0

    def _between(self, a: int, b: int) -> tuple[int, int]:
        """Return the indices of the mentions that start in [a, b)."""
        return bisect.bisect_left(self._mention_starts, a), bisect.bisect_left(self._mention_starts, b)

    def target(self, m: Match, row: LexiconRow) -> tuple[str, str]:
        """Return (actor, target_via) for a label whose actor the text decides, matched as ``m``: a
        generic label (``context``), a shared name (``shared``: its default actor with ``document``
        when the sentence does not say, for :meth:`~arabic_news.analyses.stance.StanceScorer.find_hits`
        to decide from the rest of the document) or an anaphoric descriptor (``anaphor``)."""
        if row.target == "anaphor":
            return (row.actor, "anaphor") if self._names(row.actor, m) else ("", "")
        if row.target == "shared":
            x = self._shared.get((m.start, m.end))
            return (x.actor, x.via) if x is not None else (row.actor, "document")
        if m.suffix:
            found = self._by_pronoun(m)
            if found:
                return found, "pronoun"
        found = self._by_name(m.start, m.end)
        if found:
            return found, "name"
        if not row.actor:
            found = self._by_clause(m.start, m.end, term=m.term)
            if found:
                return found, "clause"
        return (row.actor, "term") if row.actor else ("", "")

    def _by_pronoun(self, m: Match) -> str:
        """Return the actor the label's pronoun refers to: the subject of the label's clause when it
        takes that pronoun (:meth:`_subject`), else the nearest earlier mention (same or previous
        sentence) whose actor takes it."""
        takes = self.lex.pronouns
        subject = self._subject(m.start)
        if subject is not None and m.suffix in takes.get(subject.named, ()):
            return subject.actor
        lo, hi = self._between(max(self._sentence_start(m.start, back=1), m.start - CONTEXT_CHARS), m.start)
        for mention in reversed(self.mentions[lo:hi]):
            if m.suffix in takes.get(mention.named, ()):
                return mention.actor
        return ""

    def _subject(self, pos: int) -> Mention | None:
        """Return the subject of the clause holding ``pos``: the actor named within the first
        :data:`SUBJECT_WORDS` words of the clause, which starts at the sentence start or after the
        last إن / أن ("that") before ``pos`` (an embedded clause has its own subject)."""
        start = max(self._sentence_start(pos), pos - CONTEXT_CHARS)
        i0 = bisect.bisect_left(self._word_starts, start)
        i1 = bisect.bisect_left(self._word_starts, pos)
        for k in range(i1 - 1, i0 - 1, -1):
            if self._words[k] in self._openers:
                i0 = k + 1
                break
        if i0 >= i1:
            return None
        lo, hi = self._between(self._word_starts[i0], pos)
        first = self.mentions[lo] if lo < hi else None
        if first is None:
            return None
        before = bisect.bisect_right(self._word_ends, first.start, i0, i1) - i0  # words ending before it
        return first if before < SUBJECT_WORDS else None

    def _by_name(self, start: int, end: int) -> str:
        """Return the actor named after the label [start, end) in the same clause, with at most
        NAME_WINDOW - 1 linking words between them."""
        _c_lo, c_hi = self._clause(start, end)
        lo, hi = self._between(end, c_hi)
        if lo < hi:
            nxt = self.mentions[lo]
            k0 = bisect.bisect_left(self._word_starts, end)
            gap = self._words[k0 : bisect.bisect_left(self._word_starts, nxt.start)]
            linked = all(w in self.lex.linkers or (i == 0 and w.startswith("ال")) for i, w in enumerate(gap))
            if len(gap) < NAME_WINDOW and linked:
                return nxt.actor
        return ""

    def _names(self, actor: str, m: Match) -> bool:
        """Return True when the document names ``actor`` (or an actor counted as it) outside ``m``."""
        actor = self.lex.scored_as.get(actor, actor)
        return any(x.actor == actor and (x.end <= m.start or x.start >= m.end) for x in self.mentions)

    def _by_clause(self, start: int, end: int, opposed_only: bool = False, term: str = "") -> str:
        """Return the actor of the clause of the label [start, end) when the clause names one side
        only (one actor, or actors of one camp: the nearest of them); the opponent when a word of
        fighting stands between them (with ``opposed_only``, only then, and only in the clause). A
        clause that names no actor gives way to its sentence (at most CONTEXT_CHARS characters on
        each side); a word of fighting then counts only inside the label's own clause (in another
        clause it opposes someone else: "... في الانقلاب على مَلكه ...، فمحاولة انقلاب فاشلة ضد رفيق
        دربه ...، تلك كانت مسيرة خليفة حفتر"). The label's own ``term`` repeated is no word of fighting
        for it (من هزيمة إلى هزيمة، "from defeat to defeat")."""
        c_lo, c_hi = self._clause(start, end)
        lo, hi = self._between(c_lo, c_hi)
        named = [x for x in self.mentions[lo:hi] if x.end <= start or x.start >= end]
        cue_lo, cue_hi = 0, len(self.raw)
        if not named and not opposed_only:
            cue_lo, cue_hi = c_lo, c_hi
            s_lo, s_hi = self._sentence(start)
            lo, hi = self._between(max(s_lo, start - CONTEXT_CHARS), min(s_hi, end + CONTEXT_CHARS))
            named = [x for x in self.mentions[lo:hi] if x.end <= start or x.start >= end]
        actors = {x.actor for x in named}
        sides = {self.lex.axis_sign(a) for a in actors}
        if not actors or (len(actors) > 1 and (len(sides) > 1 or 0 in sides)):
            return ""
        mention = min(named, key=lambda x: abs(x.start - start))
        actor = mention.actor
        a, b = (mention.end, start) if mention.end <= start else (end, mention.start)
        if self._cue_in(max(a, cue_lo), min(b, cue_hi), term) or self._verb_of_fighting_before(mention.start):
            side = self.lex.axis_sign(actor)
            return self.lex.opponent.get(side, "") if side else ""
        return "" if opposed_only else actor

    def _verb_of_fighting_before(self, pos: int) -> bool:
        """Return True when the word right before ``pos`` is a word of fighting (verb - subject -
        object order: تقاتل قوات الوفاق الإرهابيين)."""
        k = bisect.bisect_left(self._fight_starts, pos) - 1
        return k >= 0 and not WORD_RE.search(self.raw[self._fights[k][1] : pos])

    def _cue_in(self, a: int, b: int, term: str = "") -> bool:
        """Return True when a word of fighting other than ``term`` lies inside the raw span [a, b)."""
        k = bisect.bisect_left(self._cue_starts, a)
        while k < len(self._cues) and self._cues[k][1] <= b:
            if self._cue_terms[k] != term:
                return True
            k += 1
        return False
