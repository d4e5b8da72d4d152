"""Study packs: loading, validation with file and row, the normalization policy, the CLI options."""

import json
import shutil

import pytest

from arabic_news import (
    Context,
    NormalizeOptions,
    StanceScorer,
    StudyError,
    clean_corpus,
    corpus_hits,
    load_case_study,
    load_study,
    main,
)
from arabic_news.core.study import list_studies, shipped_study_names
from repo_paths import PACKS, RAW_DIR

LIBYA = PACKS / "libya-2019-2020"


def _next_row(name: str) -> int:
    """Return the CSV row number (header = 1) of a line appended to the pack's file ``name``."""
    return len((LIBYA / name).read_text(encoding="utf-8").splitlines()) + 1


FRAMING_ROW, NEUTRAL_ROW = _next_row("framing.csv"), _next_row("naming_neutral.csv")


def test_the_default_pack_is_the_libya_case_study_and_holds_its_articles():
    study = load_study()
    assert study.name == "libya-2019-2020" and study.default
    assert study.axis is not None and [c.id for c in study.axis] == ["pro_lna", "pro_gna"]
    assert "haftar" in study.axis[0].favours and "gna" in study.axis[0].opposes
    assert study.focus_actor == "haftar" and study.focus_forces == "haftar_forces"
    corpus = load_case_study(Context(study))
    assert list(corpus["doc_id"]) == sorted(p.stem for p in RAW_DIR.glob("*.txt"))
    for doc_id, raw in zip(corpus["doc_id"], corpus["raw"]):  # the pack's copy is byte for byte data/raw
        assert (RAW_DIR / f"{doc_id}.txt").read_bytes() == raw.encode("utf-8")
    # nothing an analysis needs rides in the DataFrame: the study and options travel in a Context
    assert set(corpus.attrs) == {"skipped", "ignored", "folders", "metadata_problems"}


def test_a_pack_is_found_by_name_by_folder_and_by_manifest():
    assert load_study("libya-2019-2020") is load_study()
    assert load_study(LIBYA).name == "libya-2019-2020"
    assert load_study(LIBYA / "study.toml").name == "libya-2019-2020"
    assert set(shipped_study_names()) == {s.name for s in list_studies()}


def _copy_pack(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(LIBYA, pack, ignore=shutil.ignore_patterns("articles", "examples"))
    return pack


def _append(path, line):
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")


@pytest.mark.parametrize(
    ("file", "line", "message"),
    [
        (
            "framing.csv",
            "مرتزقة فاغنر,wagner,-1,2,,foreign_interference,Wagner mercenaries,,",
            rf"framing.csv, row {FRAMING_ROW}: actor 'wagner' is not declared in the study's manifest",
        ),
        (
            "framing.csv",
            "مليشيات حفتر,haftar,-1,2,,force_labels,dup,,",
            rf"framing.csv, row {FRAMING_ROW}: duplicate term 'مليشيات حفتر' \(same as row",
        ),
        (
            "framing.csv",
            "جديد,haftar,-1,1,,force_labels,,,",
            rf"framing.csv, row {FRAMING_ROW}: needs an English gloss",
        ),
        (
            "framing.csv",
            "جديد,,-1,1,,force_labels,new,,",
            rf"framing.csv, row {FRAMING_ROW}: needs a value in 'actor'",  # only a generic label may omit it
        ),
        (
            "framing.csv",
            "جديد,haftar,-1,1,somewhere,force_labels,new,,",
            rf"framing.csv, row {FRAMING_ROW}: target 'somewhere' is not one of term, context",
        ),
        (
            "framing.csv",
            "جديد,haftar,-1,3,,force_labels,new,,",
            rf"framing.csv, row {FRAMING_ROW}: intensity '3' is not 0, 1 or 2",
        ),
        (
            "naming_neutral.csv",
            "ـــ,haftar,force_labels,a stroke,,",
            rf"naming_neutral.csv, row {NEUTRAL_ROW}: term 'ـــ' is empty once normalized",
        ),
        (
            "actors.csv",
            "haftar,nickname,الجنرال العجوز,the old general,,",
            r"actors.csv, row 107: kind 'nickname' is not one of name, title, descriptor, nisba",
        ),
    ],
)
def test_bad_rows_are_named_by_file_and_row(tmp_path, file, line, message):
    pack = _copy_pack(tmp_path)
    _append(pack / file, line)
    with pytest.raises(StudyError, match=message):
        load_study(pack)


def test_a_generic_label_may_leave_its_actor_to_the_text(tmp_path):
    pack = _copy_pack(tmp_path)
    _append(pack / "framing.csv", "جديد,,-1,1,context,force_labels,new,,")
    row = load_study(pack).framing.iloc[-1]
    assert (row["term"], row["actor"], row["target"], row["intensity"]) == ("جديد", "", "context", 1)


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            'scored_as = "haftar"',
            'scored_as = "haftr"',
            "actor 'haftar_forces' is scored_as 'haftr', which is not declared",
        ),
        ('pronouns = ["ه"] }', 'pronouns = ["ك"] }', "actor 'haftar' has unknown pronoun\\(s\\) ك"),
        ('fillers = ["الليبي", "الليبية", "خليفة"]', 'fillers = "الليبي"', "fillers must be a list of strings"),
    ],
)
def test_manifest_links_of_actors_are_checked(tmp_path, old, new, message):
    pack = _copy_pack(tmp_path)
    manifest = (pack / "study.toml").read_text(encoding="utf-8")
    assert old in manifest
    (pack / "study.toml").write_text(manifest.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(StudyError, match=message):
        load_study(pack)


def test_manifest_links_are_loaded():
    study = load_study()
    assert study.fillers == ("الليبي", "الليبية", "خليفة")
    assert study.scored_as["haftar_forces"] == "haftar" and study.scored_as["sisi"] == "egypt"
    assert study.pronouns["haftar"] == ("ه",) and "ها" in study.pronouns["turkey"]


def test_unknown_columns_and_manifest_errors_are_clear(tmp_path):
    pack = _copy_pack(tmp_path)
    text = (pack / "framing.csv").read_text(encoding="utf-8").replace("note\n", "note,weight\n", 1)
    (pack / "framing.csv").write_text(text, encoding="utf-8")
    with pytest.raises(StudyError, match=r"framing.csv, row 1: unknown column\(s\) weight"):
        load_study(pack)
    pack = _copy_pack(tmp_path / "b")
    manifest = (pack / "study.toml").read_text(encoding="utf-8")
    (pack / "study.toml").write_text(
        manifest.replace('"egypt", "sisi", "uae"', '"egypt", "sisy", "uae"', 1), encoding="utf-8"
    )
    with pytest.raises(StudyError, match=r"camp 'pro_lna' names actor 'sisy', which is not declared"):
        load_study(pack)
    with pytest.raises(StudyError, match="neither a shipped study pack nor a folder"):
        load_study("no-such-pack")


def test_a_replacement_lexicon_is_validated(tmp_path):
    lexicon = tmp_path / "mine.csv"
    lexicon.write_text(
        "term,actor,polarity,category,gloss_en\nمليشيات حفتر,haftar,-1,force_labels,Haftar's militias\n",
        encoding="utf-8",
    )
    study = load_study().with_lexicon(lexicon)
    assert list(study.framing["term"]) == ["مليشيات حفتر"]
    assert load_study().framing is not study.framing  # the shipped pack is untouched


# --- one normalization policy ----------------------------------------------------------------------


def _scored(ctx):
    hits = corpus_hits(clean_corpus(load_case_study(ctx), ctx), StanceScorer(ctx), spans="kept_spans")
    return sorted(zip(hits["doc_id"], hits["term"], hits["start"], hits["polarity"]))


def test_options_that_keep_the_lexicon_folds_give_the_same_hits():
    default = _scored(Context.of("libya-2019-2020"))
    other = _scored(Context.of("libya-2019-2020", NormalizeOptions(digits=False, newlines=False)))
    assert len(default) > 50 and other == default


@pytest.mark.parametrize("fold", ["alef", "teh_marbuta", "diacritics", "alef_maksura", "persian"])
def test_options_that_break_lexicon_matching_are_refused_by_name(fold):
    ctx = Context.of("libya-2019-2020", NormalizeOptions(**{fold: False}))
    corpus = load_case_study(ctx)  # loading and counting need no lexicon
    with pytest.raises(StudyError, match=rf"normalizes with {fold}=False.*Normalize with {fold}=True"):
        StanceScorer(ctx)
    with pytest.raises(StudyError, match=f"{fold}=False"):
        clean_corpus(corpus, ctx)


def test_the_cli_refuses_a_broken_lexicon_in_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("term,actor,polarity,category,gloss_en\nX,nobody,1,force_labels,x\n", encoding="utf-8")
    assert main(["stance", str(RAW_DIR), "--lexicon", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"arabic-news: error: {bad}, row 2: actor 'nobody' is not declared in the study's "
        "manifest. Declare it under [actors] in libya-2019-2020/study.toml, or fix the id."
    ]


def test_studies_lists_every_pack(capsys):
    assert main(["studies", "--format", "json"]) == 0
    packs = {p["name"]: p for p in json.loads(capsys.readouterr().out)}
    assert set(packs) == set(shipped_study_names())
    libya = packs["libya-2019-2020"]
    assert set(libya) == {"name", "title", "location", "actors", "camps"}
    assert "haftar" in libya["actors"] and set(libya["camps"]) == {"pro_lna", "pro_gna"}


def test_a_pack_on_disk_is_read_again_when_a_lexicon_changes(tmp_path):
    import os

    pack = _copy_pack(tmp_path)
    before = load_study(pack)
    assert load_study(pack) is before  # cached
    row = "مرتزقة الشركة الروسية,russia,-1,2,,foreign_interference,the Russian company's mercenaries,,"
    _append(pack / "framing.csv", row)
    os.utime(pack / "framing.csv", ns=(1, 2_000_000_000_000_000_000))  # a different time, whatever the clock
    after = load_study(pack)
    assert after is not before and len(after.framing) == len(before.framing) + 1
