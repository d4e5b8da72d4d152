"""Stance and framing toward the actors of a conflict, graded, with evidence for every number.

A study's framing lexicon (see :mod:`arabic_news.core.study`) lists expressions such as
مليشيات حفتر ("Haftar's militias", hostile) or المشير خليفة حفتر ("Field Marshal Khalifa
Haftar", legitimizing), each with a polarity of +1 (legitimizing / favourable) or -1
(delegitimizing / hostile) and an **intensity**: 0 conventional (a name a neutral wire service also
writes), 1 marked (a deliberate choice of one camp), 2 loaded (abusive, criminalizing, or a strong
claim about legitimacy, victory or guilt). Matching goes through
:class:`arabic_news.core.match.PhraseMatcher` (normalized, clitic- and suffix-aware), so every hit
keeps its raw-text span.

Rules, in the order they are applied to one document:

1. **Matching view.** Quotation marks are removed from the normalized text before matching, so a
   term still matches when an outlet puts quotes around a name inside it (حكومة “الوفاق” الشرعية,
   "the legitimate 'GNA' government"). Offsets still map to the raw text. The study's ``fillers``
   may stand between the words of a term (الجنرال الليبي المتقاعد is الجنرال المتقاعد).
2. **Topic gate** (``topic_gate=True``): a document that never mentions one of the study's topic
   terms gets no hits: generic labels such as الحكومة الشرعية ("the legitimate government")
   designate other governments in other conflicts' coverage.
3. **Target.** A row with ``target=term`` counts for its actor: the term names it (مليشيات حفتر).
   A generic label (``target=context``: مليشيات "militias", مرتزقة "mercenaries", الإرهابية
   "terrorist"...) counts for the actor it attaches to in the text, found in this order
   (``Hit.target_via``):

   * ``pronoun``: the label carries an attached pronoun (مليشياته, "his militias"); its antecedent is
     the subject of the label's clause (the actor named within its first two words: حفتر يدعو ...
     or يدعو حفتر ...; a clause starts at the sentence start or after إن / أن "that") when the pronoun
     can refer to it, else the nearest actor named before the label, in the same sentence or the one
     before (at most :data:`CONTEXT_CHARS` characters back), that the pronoun can refer to (the
     manifest's ``pronouns`` of each actor: ه for a man, ها for a state). "Haftar invites Sisi and
     Aguila Saleh to a parade of his militias" (لمليشياته) gives the militias to Haftar, not to the
     nearest name;
   * ``name``: an actor is named right after the label (مليشيا الجنرال الانقلابي خليفة حفتر), or at
     most :data:`NAME_WINDOW` - 1 words later in the same clause when only linking words stand
     between them (the ``linker`` cues of the study's ``target_cues`` lexicon, by default the
     package's general list: مرتزقة تابعين لحكومة الوفاق, "mercenaries belonging to
     the GNA"). A name *before* a label is not its owner (قوات الوفاق تقاتل الإرهابيين): that is
     the clause rule's business;
   * ``clause``: only for labels without a default actor: the clause (the words between two
     punctuation marks, at most :data:`CONTEXT_CHARS` characters on each side of the label; the
     sentence when the clause names no actor) names one side only: one actor, or actors of one camp
     (the nearest of them is taken). The label is that actor's, unless a word of
     fighting or accusation (ضد "against", كمين "ambush", تطهير "cleansing", اتهام "accusation",
     the ``fighting`` and ``accusation`` cues of ``target_cues``) stands between them, or a word of fighting
     stands right before the actor's name (تقاتل قوات الوفاق الإرهابيين, verb - subject -
     object): then the label designates its opponent (the first key actor of the other camp). When
     the actor comes from the sentence, only a word of fighting inside the label's own clause counts
     (in another clause it opposes someone else);
   * ``term``: otherwise the row's own actor (the label's usual referent in the study's coverage);
     a label without one is kept in the hits table with an empty actor and not scored.

   A **shared name** (``target=shared``: الجيش الليبي "the Libyan army", الحكومة الليبية "the Libyan
   government", which each camp gives its own side) counts for the actor named after it (``name``:
   الجيش الليبي بقيادة حفتر, Haftar's; الجيش الليبي التابع لحكومة الوفاق, the GNA's), else for the
   opponent of an actor it fights in its clause (``clause``: صدت قوات الجيش الليبي هجوما من مليشيات
   حفتر, the GNA's), else (``document``) for the camp every own-voice term of the document favours
   (a text that calls Haftar's forces "militias" calls the GNA's forces "the Libyan army"), else for
   the row's actor. It is also a mention of that actor for the other labels. An **anaphoric
   descriptor** (``target=anaphor``: اللواء المتقاعد "the retired major general") counts for the row's
   actor only in a document that names that actor (``anaphor``); elsewhere it may designate anyone
   and counts for nobody.

   Names of actors come from the study's actor lexicon (names and titles; a ``nisba`` adjective
   such as الإماراتي "Emirati" is a mention of its country in ``sources`` but never the owner of a
   label here) and from the framing terms that name one actor; an actor's hits count for the actor
   it is ``scored_as`` (Haftar's forces for Haftar).
4. **Quoted and reported speech.** Spans between quotation marks (“…” ”…“ "…" «…» ‘…’, at most
   ``max_quote_chars`` characters and never across a paragraph) and after a verb of saying (the
   ``verb`` and ``speech`` cues of the study's attribution lexicon) with a colon (قال: ... up to the
   end of the sentence) are quoted speech (``voice="quoted"``). After a verb of saying and إن / أن
   ("that") at most :data:`~arabic_news.analyses.stance.quotes.REPORTED_GAP` words later (قال المتحدث
   إن ..., "the spokesman said that ...") up to the end of the sentence is indirect speech: its claims
   are the speaker's (``voice="reported"``), but a term that names or describes its actor (a name,
   title, force label or legitimacy marker of one actor) stays the outlet's own voice there, since
   the reporter chooses how to name the actors (كشفت مصادر أن الجنرال الانقلابي يصل القاهرة, "sources
   revealed that the putschist general arrives in Cairo": the sources did not choose the name).
   Quoted and reported hits do not count toward the outlet's own-voice score by default (the
   ``*_quoted`` columns and ``include_quoted=True`` report them).
5. **Scare quotes.** A short quotation (at most ``scare_max_words`` words) that lies entirely
   inside a hit and holds at least one word that is not a plain proper name (the words of the
   study's proper names: حفتر, الوفاق, السراج...) distances the outlet from the term:
   قوات "الجيش الوطني الليبي". Quotes around a plain name (“خليفة حفتر”) are ignored, and so are
   quotes that give a name (المعروفة باسم "الجيش الوطني الليبي", "known as 'the LNA'").
   ``scare_quotes`` decides: ``"neutralize"`` (default: the hit is treated as quoted), ``"flip"``
   (a legitimizing term counts as hostile; a hostile term is neutralized), ``"ignore"``.
6. **So-called.** A term preceded by ما يسمى / ما يعرف بـ / المسمى ("so-called") or followed by
   المزعوم ("alleged") is reversed when legitimizing (``so_called="flip"``) and neutralized when
   hostile. A reversed term counts as loaded (intensity 2): "so-called" denies legitimacy outright.

**Scores** (:func:`graded_score`). Each own-voice hit weighs ``weights[intensity]`` (default 0.25,
1 and 2 for intensities 0, 1 and 2). With ``P`` the summed weight of favourable hits and ``N`` of
hostile ones, the score is the posterior mean of a Beta model of the share of favourable evidence,
rescaled to [-1, 1], with a symmetric Beta(``prior``, ``prior``) prior (default 1, uniform)::

    score = (P - N) / (P + N + 2 * prior)

so one light hit stays near 0, one loaded hit gives ±0.5, and more and stronger evidence moves the
score further, never reaching ±1. The interval is the central 95 % of the posterior
Beta(prior + P, prior + N), rescaled the same way; without any hit the score is None and the
interval that of the prior. ``per_1000_words`` counts hits per 1,000 words and
``intensity_per_1000_words`` their weights.

**Camp alignment.** The study's first two camps define an axis (the first camp is +). A hit favourable
to an actor the + camp favours, or hostile to an actor the - camp favours, points + (and the reverse
-); hits on actors of neither camp are left out. The document's alignment is :func:`graded_score`
of all its own-voice favourable or hostile hits on the axis, whatever their actor.

**What the numbers count.** A score (per actor or on the axis) uses exactly the hits
:meth:`StanceScorer.counted` returns (favourable or hostile, with an actor, in the outlet's own
voice unless quoted words are included): ``pro`` + ``anti`` per actor, ``n_hits`` on the axis.
Neutral names (polarity 0) weigh nothing and are counted beside the score (``neutral`` per actor,
``n_neutral`` on the axis). Without a counted hit the score is None, whether the text names the
actors neutrally (``n_neutral`` > 0) or not at all; a score of 0 is favourable and hostile evidence
that balance.

**A second measure** (:mod:`~arabic_news.analyses.stance.wordscores`): Wordscores scales documents
between reference texts of known position from word frequencies alone, independently of the
lexicon; it is reported beside the alignment with their agreement, never mixed into it.
"""

from __future__ import annotations

from .lexicon import StanceLexicon, stance_lexicon
from .quotes import Quote, QuoteIndex, find_quotes, saying_matcher
from .scorer import DEFAULT_PRIOR, DEFAULT_WEIGHTS, Hit, SpanIndex, StanceScorer, document_words, graded_score
from .tables import (
    HIT_COLUMNS,
    alignment_scores,
    category_table,
    corpus_hits,
    leave_one_term_out,
    naming_hits,
    stance_scores,
)
from .targets import NAME_WINDOW
from .validation import agreement, evaluate_alignment, evaluate_sentences, outscores, partisan_band, validation_figures
from .wordscores import WordScores, fit_wordscores, measures_agreement, wordscores_table

__all__ = [
    "DEFAULT_PRIOR",
    "DEFAULT_WEIGHTS",
    "HIT_COLUMNS",
    "Hit",
    "NAME_WINDOW",
    "Quote",
    "QuoteIndex",
    "SpanIndex",
    "StanceLexicon",
    "StanceScorer",
    "WordScores",
    "agreement",
    "alignment_scores",
    "category_table",
    "corpus_hits",
    "document_words",
    "evaluate_alignment",
    "evaluate_sentences",
    "find_quotes",
    "fit_wordscores",
    "graded_score",
    "leave_one_term_out",
    "measures_agreement",
    "naming_hits",
    "outscores",
    "partisan_band",
    "saying_matcher",
    "stance_lexicon",
    "stance_scores",
    "validation_figures",
    "wordscores_table",
]
