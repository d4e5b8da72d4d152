"""Clitic-aware phrase matching that returns raw-text spans.

Arabic attaches conjunctions, prepositions and the article to the following word and pronouns to
the end of it. A term such as الجيش الوطني ("the national army") must therefore also match
والجيش الوطني ("and the national army"), بالجيش ("with the army") and the fused للجيش ("for the
army", ل + ال written لل), and قوات ("forces") must match قواته ("his forces"), but none of them
may match inside an unrelated word. All matching happens on normalized text; every match is
mapped back to the raw text, so quotations show exactly what the outlet wrote.

Web copy adds its own forms, which the matcher also accepts:

* ل + a word whose article is followed by ل drops both the alef and one lam: ل + اللواء is written
  للواء ("for the major general"), ل + الليبي لليبي;
* hashtags and underscores: #حفتر, مليشيات #حفتر, #مليشيات_حفتر;
* ``fillers``: words that may stand between two words of a term, such as a nationality adjective
  inside a title (الجنرال الليبي المتقاعد, "the Libyan retired general", for الجنرال المتقاعد);
* an attached pronoun suffix is reported (:attr:`Match.suffix`), so that a caller can resolve
  مليشياته ("his militias") to the man named before it.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .text import DEFAULT_OPTIONS, NormalizedText, NormalizeOptions, normalize, normalize_with_offsets

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
#: between the words of a term: spaces or underscores (hashtags), and a hashtag sign
_GAP = r"[\s_]+#?"
#: a word boundary: no letter or digit (an underscore or # may touch the term)
_LEFT = r"(?<![^\W_])"
_RIGHT = r"(?![^\W_])"


@dataclass(frozen=True)
class Match:
    """One occurrence of a term: the term, the raw span, the raw text it covers and the
    attached pronoun suffix (normalized: ه, ها, هم, ...; empty without one)."""

    term: str
    start: int
    end: int
    text: str
    suffix: str = ""


def _head_pattern(first: str) -> str:
    """Return the regex of a term's first word with its proclitics."""
    if not (first.startswith("ال") and len(first) > 2):
        return _PREFIX_BARE + re.escape(first)
    head = _PREFIX_DEFINITE + re.escape(first[2:])
    if first.startswith("الل") and len(first) > 3:
        # ل + اللواء is written للواء: the alef and one of the two lams are dropped
        head = f"(?:{head}|[{CONJUNCTIONS}]?لل{re.escape(first[3:])})"
    return head


def _head_core(first: str) -> tuple[str, int]:
    """Return the end of a term's first word that every match of :func:`_head_pattern` ends with,
    and the most letters its proclitics put before it (و + بال: four)."""
    if not (first.startswith("ال") and len(first) > 2):
        return first, 4
    if first.startswith("الل") and len(first) > 3:
        return first[3:], 5  # وباللواء: و + بال + ل before واء (للواء: لل + واء)
    return first[2:], 4


def _last_word_end(term: str, words: list[str], suffixes: bool, group: str) -> tuple[int, str]:
    """Return how a term's pattern ends: how many letters of its last normalized word are cut,
    and the regex put after the rest (a pronoun suffix, captured in the group ``group``)."""
    last = words[-1]
    if not suffixes or last.startswith("ال"):
        return 0, ""
    if term.split()[-1].endswith("ة") and last.endswith(("ه", "ة")):
        # حكومة + ه is written حكومته: the teh marbuta opens into ت before a suffix
        return 1, f"(?:{re.escape(last[-1])}|ت(?P<{group}>{_SUFFIX}))"
    return 0, f"(?P<{group}>{_SUFFIX})?"


def _term_pattern(term: str, options: NormalizeOptions, suffixes: bool, group: str, gap: str) -> str:
    """Return the regex (over normalized text) that matches ``term`` with its clitics; a pronoun
    suffix is captured in the named group ``group``, words are separated by ``gap``."""
    words = normalize(term, options).split()
    if not words:
        raise ValueError(f"empty term {term!r}")
    body = [_head_pattern(words[0])] + [re.escape(w) for w in words[1:]]
    cut, end = _last_word_end(term, words, suffixes, group)
    body[-1] = body[-1][: len(body[-1]) - cut] + end
    return gap.join(body)


def _term_anchor(term: str, options: NormalizeOptions, suffixes: bool) -> tuple[str, int]:
    """Return a substring of the normalized text that begins at most ``reach`` letters after the
    start of every match of ``term`` (its first word without proclitics), and ``reach``; the
    substring is empty when the term has none (a one-letter word that a suffix opens)."""
    words = normalize(term, options).split()
    core, reach = _head_core(words[0])
    if len(words) == 1:
        cut, _end = _last_word_end(term, words, suffixes, "s")
        core = core[: len(core) - cut]
    return core, reach


def key_substring(term: str, options: NormalizeOptions = DEFAULT_OPTIONS) -> str:
    """Return a substring of the normalized text that every match of ``term`` contains.

    It is the longest of its :func:`word_cores`.
    """
    return max(word_cores(term, options), key=len)


def word_cores(term: str, options: NormalizeOptions = DEFAULT_OPTIONS) -> list[str]:
    """Return, for each word of ``term``, a substring that every match of the term contains (as
    :func:`_term_pattern` builds it): the normalized word, the first without a leading ال
    (clitics may replace it: للجيش) and the last without a final ه or ة (teh marbuta opens to ت
    before a suffix: حكومة → حكومته)."""
    words = normalize(term, options).split()
    cores = []
    for i, w in enumerate(words):
        if i == 0 and w.startswith("ال") and len(w) > 2:
            w = w[2:]
        if i == len(words) - 1 and w.endswith(("ه", "ة")):
            w = w[:-1]
        cores.append(w)
    return cores


class PhraseMatcher:
    """Find terms in Arabic text, allowing attached clitics, and return raw spans.

    At any position the longest term wins (الجيش الوطني الليبي before الجيش), and matches do
    not overlap: the results are those of one regex that tries all terms, longest first, at each
    position of the text (``prefilter=False`` runs that regex). The default gives the same results
    faster. Terms are grouped by their :func:`key_substring`; a text is matched only against the
    terms whose keys, and the other :func:`word_cores` of their words, it contains (no other term
    can match there). With pyahocorasick (the optional extra ``fast``) one Aho-Corasick pass over
    the text finds its keys; without it, ``key in text`` tests each (same keys). Each term has its
    own regex, compiled once per matcher, and is tried only where its first word, without
    proclitics, occurs (``str.find``) or up to 5 letters before. The next match of each candidate
    term is kept: the one that starts first (on a tie, the term first in :attr:`terms`, longest
    first) is the match, and the terms whose next match starts inside it look again after it.

    ``fillers`` are words that may stand, one at a time, between two words of a term (a nationality
    adjective inside a title: الجنرال الليبي المتقاعد matches الجنرال المتقاعد).
    """

    def __init__(
        self,
        terms: Iterable[str],
        *,
        options: NormalizeOptions = DEFAULT_OPTIONS,
        suffixes: bool = True,
        prefilter: bool = True,
        fillers: Iterable[str] = (),
    ) -> None:
        self.options = options
        self.suffixes = suffixes
        self.prefilter = prefilter
        filler_words = sorted({normalize(f, options).strip() for f in fillers} - {""}, key=lambda f: (-len(f), f))
        gap = _GAP
        if filler_words:
            gap = f"{_GAP}(?:(?:{'|'.join(map(re.escape, filler_words))}){_GAP})?"
        unique = list(dict.fromkeys(t.strip() for t in terms if t and t.strip()))
        if not unique:
            raise ValueError("PhraseMatcher needs at least one non-empty term")
        # longest normalized form first, so that alternation prefers the longest term
        ordered = sorted(unique, key=lambda t: (-len(normalize(t, options)), t))
        self.terms: tuple[str, ...] = tuple(ordered)
        self._patterns = [_term_pattern(t, options, suffixes, f"s{i}", gap) for i, t in enumerate(ordered)]
        #: per term, where to look for it: a substring near its start and how near (_term_anchor)
        self._anchors = [_term_anchor(t, options, suffixes) for t in ordered]
        self._captures_suffix = tuple(f"(?P<s{i}>" in p for i, p in enumerate(self._patterns))
        by_key: dict[str, list[int]] = {}
        #: per term, the cores of its words other than its key
        self._cores: list[tuple[str, ...]] = []
        for i, t in enumerate(ordered):
            cores = word_cores(t, options)
            key = max(cores, key=len)  # key_substring
            by_key.setdefault(key, []).append(i)
            self._cores.append(tuple(c for c in dict.fromkeys(cores) if c != key))
        self._by_key = dict(sorted(by_key.items()))
        #: per term, its regex alone (compiled when first needed); the regex of all terms
        self._regexes: list[re.Pattern[str] | None] = [None] * len(ordered)
        self._whole: re.Pattern[str] | None = None
        #: the keys' Aho-Corasick automaton (built when first needed); False: none, pure Python
        self._automaton: Any = None

    def __getstate__(self) -> dict[str, Any]:
        """Return the matcher's state without what it builds when first needed (regexes, the
        automaton): a worker builds its own."""
        state = self.__dict__.copy()
        state.update(_regexes=[None] * len(self.terms), _whole=None, _automaton=None)
        return state

    def keys_in(self, norm: str) -> tuple[str, ...]:
        """Return the key substrings present in normalized text (empty: no term can match);
        without ``prefilter``, every key."""
        if not self.prefilter:
            return tuple(self._by_key)
        automaton = self._key_automaton()
        if automaton is None:
            return tuple(key for key in self._by_key if key in norm)
        found = {key for _end, key in automaton.iter(norm)}
        return tuple(key for key in self._by_key if key in found or not key)  # "" is in every text

    def _key_automaton(self) -> Any:
        """Return an Aho-Corasick automaton of the non-empty keys, which finds them all in one pass
        over a text (built once; None without pyahocorasick, the optional extra ``fast``)."""
        if self._automaton is None:
            try:
                import ahocorasick
            except ImportError:
                ahocorasick = None
            keys = [key for key in self._by_key if key]
            self._automaton = False
            if ahocorasick is not None and keys:
                automaton = ahocorasick.Automaton()
                for key in keys:
                    automaton.add_word(key, key)
                automaton.make_automaton()
                self._automaton = automaton
        return None if self._automaton is False else self._automaton

    def _terms_in(self, norm: str) -> tuple[int, ...]:
        """Return the numbers of the terms that may match in normalized text: its key and the
        cores of its other words are in it (without ``prefilter``, every term), longest first."""
        if not self.prefilter:
            return tuple(range(len(self.terms)))
        found = [i for key in self.keys_in(norm) for i in self._by_key[key] if all(c in norm for c in self._cores[i])]
        return tuple(sorted(found))

    def _alternation(self) -> re.Pattern[str]:
        """Return the one regex of all terms, longest first (compiled once): without ``prefilter``,
        what the matcher runs; otherwise the reference that :meth:`_finditer` reproduces."""
        if self._whole is None:
            alternatives = [f"(?P<t{i}>{p})" for i, p in enumerate(self._patterns)]
            self._whole = re.compile(_LEFT + "(?:" + "|".join(alternatives) + ")" + _RIGHT)
        return self._whole

    def _regex(self, i: int) -> re.Pattern[str]:
        """Return the regex of term ``i`` (compiled once), its match in group 1: matched at a
        position, it finds the term at the first of the next ``reach`` + 1 positions where it
        starts (the lazy skip tries 0, 1, ... letters)."""
        rx = self._regexes[i]
        if rx is None:
            core, reach = self._anchors[i]
            skip = f"(?s:.){{0,{reach}}}?" if core else ""
            rx = self._regexes[i] = re.compile(f"{skip}({_LEFT}(?:{self._patterns[i]}){_RIGHT})")
        return rx

    def _search(self, i: int, norm: str, pos: int) -> re.Match[str] | None:
        """Return the first match of term ``i`` that starts at ``pos`` or after (as
        ``search(norm, pos)`` of its regex alone): only where its anchor occurs ``reach`` letters
        later or less."""
        core, reach = self._anchors[i]
        rx = self._regex(i)
        if not core:
            return rx.search(norm, pos)
        q = norm.find(core, pos)
        while q >= 0:
            start = max(pos, q - reach)
            m = rx.match(norm, start)  # lookbehind sees the letters before start
            if m is not None:
                return m
            pos = start + reach + 1  # every start up to here was tried
            q = norm.find(core, pos)
        return None

    def _finditer(self, norm: str) -> Iterator[tuple[int, int, int, re.Match[str]]]:
        """Yield (term index, start, end, regex match) over normalized text, in text order."""
        if not self.prefilter:
            for m in self._alternation().finditer(norm):
                yield int(m.lastgroup[1:]), m.start(), m.end(), m  # type: ignore[index]
            return
        # the next match of each candidate term: (start, term index, match); ties go to the
        # lower index, the longer term, as in the alternation
        heap = []
        for i in self._terms_in(norm):
            m = self._search(i, norm, 0)
            if m is not None:
                heap.append((m.start(1), i, m))
        heapq.heapify(heap)
        while heap:
            start, i, m = heap[0]
            end = m.end(1)
            yield i, start, end, m
            # the terms whose next match starts inside this one look again after it
            while heap and heap[0][0] < end:
                j = heap[0][1]
                n = self._search(j, norm, end)
                if n is None:
                    heapq.heappop(heap)
                else:
                    heapq.heapreplace(heap, (n.start(1), j, n))

    def _matches(self, nt: NormalizedText, found: Iterable[tuple[int, int, int, re.Match[str]]]) -> list[Match]:
        """Return the matches ``found`` in ``nt.text`` (from :meth:`_finditer`), with raw offsets."""
        matches = []
        for i, start, end, m in found:
            start, end = nt.to_raw(start, end)
            suffix = (m.group(f"s{i}") or "") if self._captures_suffix[i] else ""
            matches.append(Match(self.terms[i], start, end, nt.raw[start:end], suffix))
        return matches

    def finditer_normalized(self, nt: NormalizedText) -> list[Match]:
        """Return the matches in an already normalized text, with raw offsets."""
        return self._matches(nt, self._finditer(nt.text))

    def find(self, raw: str, normalized: str | None = None) -> list[Match]:
        """Return every match in ``raw``, in text order, with raw offsets.

        ``normalized`` may pass ``normalize(raw, self.options)`` when it is already known.
        """
        norm = normalize(raw, self.options) if normalized is None else normalized
        found = list(self._finditer(norm))
        if not found:
            return []  # fast path: no offset map needed
        nt = normalize_with_offsets(raw, self.options)
        if nt.text != norm:  # a ``normalized`` that is not the text's: what the offsets map holds
            found = list(self._finditer(nt.text))
        return self._matches(nt, found)

    def find_in(self, norm: str, offsets: Callable[[], NormalizedText]) -> list[Match]:
        """Return the matches in the normalized text ``norm`` with raw offsets from ``offsets()``, the
        offset map of that text (a :class:`~arabic_news.core.document.Document` builds it once, and
        only when something matches)."""
        found = list(self._finditer(norm))
        if not found:
            return []
        nt = offsets()
        if nt.text != norm:
            found = list(self._finditer(nt.text))
        return self._matches(nt, found)

    def count(self, raw: str, normalized: str | None = None) -> dict[str, int]:
        """Return how often each term occurs in ``raw`` (terms with no match are left out)."""
        counts: dict[str, int] = {}
        norm = normalize(raw, self.options) if normalized is None else normalized
        for i, *_match in self._finditer(norm):
            counts[self.terms[i]] = counts.get(self.terms[i], 0) + 1
        return counts


def find_terms(raw: str, terms: Sequence[str], **kwargs: object) -> list[Match]:
    """Return the matches of ``terms`` in ``raw`` (a one-off :class:`PhraseMatcher`)."""
    return PhraseMatcher(terms, **kwargs).find(raw)  # type: ignore[arg-type]
