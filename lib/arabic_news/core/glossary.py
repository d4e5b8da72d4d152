"""The glossary: every Arabic term the notebooks discuss, with gloss, transliteration and camp.

It is assembled from a study's lexicons (so a gloss is written once, where the term is used), the
package's general lexicons (attribution cues, boilerplate cues, time expressions, target cues) and two lists of
terms that no lexicon holds: the general ``glossary_extra.csv`` (linguistic terms such as حركات
"harakat", letters, clitics) and the study's own glossary (words its notebooks use as examples).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .resources import general_lexicon, read_csv_rows
from .study import Study
from .text import normalize

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ["term", "transliteration", "gloss_en", "camp", "used_in", "actor", "category"]

#: readable names of the lexicons' categories (the glossary page groups terms under them)
CATEGORY_NAMES = {
    "naming_titles": "names and titles",
    "force_labels": "names of armed forces",
    "action_verbs": "verbs of action",
    "legitimacy_markers": "legitimacy markers",
    "evaluations": "evaluations",
    "foreign_interference": "foreign involvement",
}


#: the category of a term of the extra lists, from its camp column
_EXTRA_CATEGORIES = {
    "linguistic term": "linguistic terms",
    "clitic": "letters, clitics and digits",
    "letter": "letters, clitics and digits",
    "digit": "letters, clitics and digits",
}


def camp_of(study: Study, actor: str, polarity: int) -> str:
    """Return which outlets typically use a framing term of ``polarity`` toward ``actor``:
    favourable terms come from the camp that favours the actor, hostile ones from the camp that
    opposes it."""
    for camp in study.camps:
        if actor in (camp.favours if polarity > 0 else camp.opposes):
            return camp.outlets
    return "all camps"


def name_camp(study: Study, term: str, actor: str, kind: str = "name") -> str | None:
    """Return the camp that uses a name, title or descriptor of ``actor`` (a term of the actors
    lexicon), as the framing lexicon says: the camp of the framing terms written inside it (قائد
    مليشيات شرق ليبيا, "leader of the militias of eastern Libya", holds the hostile مليشيات شرق ليبيا);
    for a title, else the camp of the framing phrases it is part of when they all belong to one camp
    (المشير, "the field marshal", is part of favourable titles only). None when the lexicon says
    nothing or the camps disagree (خليفة حفتر, the plain name, is part of both camps' phrases)."""
    from .match import PhraseMatcher

    framing = study.framing[study.framing["polarity"].astype(int) != 0]
    by_term = {normalize(r["term"]): (r["actor"] or actor, int(r["polarity"])) for r in framing.to_dict("records")}
    inside = {by_term[normalize(m.term)] for m in PhraseMatcher(framing["term"]).find(term)}
    key = f" {normalize(term)} "
    around = {v for t, v in by_term.items() if key in f" {t} " and f" {t} " != key} if kind == "title" else set()
    for evidence in (inside, around):
        camps = {camp_of(study, a, p) for a, p in evidence}
        if len(camps) == 1:
            return camps.pop()
        if camps:
            return None
    return None


def glossary(study: Study) -> pd.DataFrame:
    """Return one row per Arabic term: term, transliteration, gloss_en, camp, used_in, actor (the actor
    the term names or frames, empty for general words) and category (sorted by term)."""
    import pandas as pd

    pack = study
    rows: list[dict[str, str]] = []
    for r in pack.framing.to_dict("records"):
        rows.append(
            {
                "term": r["term"],
                "transliteration": r["transliteration"],
                "gloss_en": r["gloss_en"],
                "camp": camp_of(pack, r["actor"], int(r["polarity"])),
                "used_in": "framing lexicon (notebook 03)",
                "actor": r["actor"],
                "category": "framing: " + CATEGORY_NAMES.get(r["category"], r["category"]),
            }
        )
    for r in pack.neutral.to_dict("records"):
        rows.append(
            {
                "term": r["term"],
                "transliteration": r["transliteration"],
                "gloss_en": r["gloss_en"],
                "camp": "neutral or wire wording",
                "used_in": "neutral names (notebook 03)",
                "actor": r["actor"],
                "category": "neutral names",
            }
        )
    for r in pack.actor_terms.to_dict("records"):
        camp = "all camps" if r["kind"] != "descriptor" else "depends on the outlet (see notebook 01)"
        camp = name_camp(pack, r["term"], r["actor"], r["kind"]) or camp
        rows.append(
            {
                "term": r["term"],
                "transliteration": r["transliteration"],
                "gloss_en": r["gloss_en"],
                "camp": camp,
                "used_in": "actors (notebook 01)",
                "actor": r["actor"],
                "category": "actor names" if r["kind"] != "descriptor" else "descriptors of an actor",
            }
        )
    general = (
        ("attribution", "attribution (notebook 01)", "attribution"),
        ("time_cues", "dating (notebook 01)", ""),
        ("target_cues", "targets of generic labels (notebook 03)", "target cue"),
    )
    for kind, used_in, prefix in general:
        for r in pack.lexicon(kind).to_dict("records"):
            role = r.get("role", "")
            rows.append(
                {
                    "term": r["term"],
                    "transliteration": r["transliteration"],
                    "gloss_en": r["gloss_en"],
                    "camp": "all camps",
                    "used_in": used_in,
                    "actor": "",
                    "category": f"{prefix}: {role.replace('_', ' ')}" if role else "time expressions",
                }
            )
    for r in pack.lexicon("boilerplate").to_dict("records"):
        rows.append(
            {
                "term": r["phrase"],
                "transliteration": r["transliteration"],
                "gloss_en": r["gloss_en"],
                "camp": "site templates (not article text)",
                "used_in": "boilerplate cues (notebook 02)",
                "actor": "",
                "category": f"boilerplate: {r['reason']}",
            }
        )
    extra = read_csv_rows(general_lexicon("glossary_extra.csv"))
    if "glossary" in pack.files:
        extra += pack.lexicon("glossary").to_dict("records")
    for r in extra:
        row = {k: r.get(k, "") or "" for k in COLUMNS}
        row["category"] = row["category"] or _EXTRA_CATEGORIES.get(row["camp"], "words the notebooks use as examples")
        rows.append(row)
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["key"] = table["term"].map(normalize)
    # one row per normalized term: the first source wins, its uses are merged
    merged = table.groupby("key", sort=False).agg(
        {
            "term": "first",
            "transliteration": "first",
            "gloss_en": "first",
            "camp": "first",
            "used_in": lambda s: "; ".join(dict.fromkeys(s)),
            "actor": "first",
            "category": "first",
        }
    )
    return merged.sort_values("term").reset_index(drop=True)


def term_glosses(study: Study) -> dict[str, str]:
    """Return the English gloss of every term of the study's glossary, keyed by its normalized form
    (what discovery's n-grams and the matcher's keys are written in)."""
    table = glossary(study)
    return dict(zip(table["term"].map(normalize), table["gloss_en"]))
