"""Clitic-aware phrase matching that returns raw-text spans.

Arabic attaches conjunctions, prepositions and the article to the following word and pronouns to
the end of it. A term such as الجيش الوطني ("the national army") must therefore also match
والجيش الوطني ("and the national army"), بالجيش ("with the army") and the fused للجيش ("for the
army", ل + ال written لل), and قوات ("forces") must match قواته ("his forces"), but none of them
may match inside an unrelated word. All matching happens on normalized text; every match is
mapped back to the raw text, so quotations show exactly what the outlet wrote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .text import DEFAULT_OPTIONS, NormalizeOptions, NormalizedText, normalize, normalize_with_offsets

#: conjunctions و (and) / ف (so), written attached to the next word
CONJUNCTIONS = "وف"
#: attached prepositions ب (with/by), ك (like), ل (for/to)
PREPOSITIONS = "بكل"
#: attached object/possessive pronouns: ـه (his), ـها (her/its), ـهم (their), ـهما (their two),
#: ـهن (their, f.), ـنا (our). ـي (my) and ـك (your) are left out: they collide with nisba
#: adjectives (الوطن → الوطني) and are rare in news prose.
PRONOUN_SUFFIXES = ("هما", "هم", "هن", "ها", "ه", "نا")

_SUFFIX = "(?:" + "|".join(PRONOUN_SUFFIXES) + ")"
_PREFIX_DEFINITE = f"[{CONJUNCTIONS}]?(?:[بك]?ال|لل)"
_PREFIX_BARE = f"[{CONJUNCTIONS}]?(?:[{PREPOSITIONS}]|لل|[بك]?ال)?"
_LEFT = r"(?<![^\W_])"
_RIGHT = r"(?![^\W_])"


@dataclass(frozen=True)
class Match:
    """One occurrence of a term: the term, the raw span and the raw text it covers."""

    term: str
    start: int
    end: int
    text: str


def _term_pattern(term: str, options: NormalizeOptions, suffixes: bool) -> str:
    """Return the regex (over normalized text) that matches ``term`` with its clitics."""
    words = normalize(term, options).split()
    if not words:
        raise ValueError(f"empty term {term!r}")
    first = words[0]
    if first.startswith("ال") and len(first) > 2:
        head = _PREFIX_DEFINITE + re.escape(first[2:])
    else:
        head = _PREFIX_BARE + re.escape(first)
    body = [head] + [re.escape(w) for w in words[1:]]
    last_raw = term.split()[-1]
    last = words[-1]
    if suffixes and not last.startswith("ال"):
        tail = body[-1]
        if last_raw.endswith("ة") and last.endswith(("ه", "ة")):
            # حكومة + ه is written حكومته: the teh marbuta opens into ت before a suffix
            tail = f"{tail[:-1]}(?:{re.escape(last[-1])}|ت{_SUFFIX})"
        else:
            tail = f"{tail}{_SUFFIX}?"
        body[-1] = tail
    return r"\s+".join(body)


class PhraseMatcher:
    """Find terms in Arabic text, allowing attached clitics, and return raw spans.

    At any position the longest term wins (الجيش الوطني الليبي before الجيش), and matches do
    not overlap.
    """

    def __init__(
        self,
        terms: Iterable[str],
        *,
        options: NormalizeOptions = DEFAULT_OPTIONS,
        suffixes: bool = True,
    ) -> None:
        self.options = options
        unique = list(dict.fromkeys(t.strip() for t in terms if t and t.strip()))
        if not unique:
            raise ValueError("PhraseMatcher needs at least one non-empty term")
        # longest normalized form first, so that alternation prefers the longest term
        ordered = sorted(unique, key=lambda t: (-len(normalize(t, options)), t))
        self.terms: tuple[str, ...] = tuple(ordered)
        alternatives = [
            f"(?P<t{i}>{_term_pattern(t, options, suffixes)})" for i, t in enumerate(ordered)
        ]
        self._regex = re.compile(_LEFT + "(?:" + "|".join(alternatives) + ")" + _RIGHT)

    def finditer_normalized(self, nt: NormalizedText) -> list[Match]:
        """Return the matches in an already normalized text."""
        found = []
        for m in self._regex.finditer(nt.text):
            term = self.terms[int(m.lastgroup[1:])]  # type: ignore[index]
            start, end = nt.to_raw(m.start(), m.end())
            found.append(Match(term, start, end, nt.raw[start:end]))
        return found

    def find(self, raw: str) -> list[Match]:
        """Return every match in ``raw``, in text order, with raw offsets."""
        if not self._regex.search(normalize(raw, self.options)):
            return []  # fast path: no offset map needed
        return self.finditer_normalized(normalize_with_offsets(raw, self.options))

    def count(self, raw: str) -> dict[str, int]:
        """Return how often each term occurs in ``raw`` (terms with no match are left out)."""
        counts: dict[str, int] = {}
        for m in self._regex.finditer(normalize(raw, self.options)):
            term = self.terms[int(m.lastgroup[1:])]  # type: ignore[index]
            counts[term] = counts.get(term, 0) + 1
        return counts


def find_terms(raw: str, terms: Sequence[str], **kwargs: object) -> list[Match]:
    """Return the matches of ``terms`` in ``raw`` (a one-off :class:`PhraseMatcher`)."""
    return PhraseMatcher(terms, **kwargs).find(raw)  # type: ignore[arg-type]
