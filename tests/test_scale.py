"""Scale: every input format, every output format, batches with bounded memory, and the Dask engine
giving the same output as the local engine (on a LocalCluster, with a small corpus)."""

import csv
import io
import json

import pandas as pd
import pytest

from arabic_news import Context, CorpusReader, duplicates_report, edited_copies, load_corpus, main
from repo_paths import PACKS, RAW_DIR

LIBYA = Context.of("libya-2019-2020")

COMMANDS = [["corpus"], ["sources"], ["stance"], ["duplicates", "--threshold", "0.3"]]


RAW_IDS = sorted(p.stem for p in RAW_DIR.glob("*.txt"))


@pytest.fixture(scope="module")
def corpus_jsonl(tmp_path_factory):
    """The five seeds, each three times with a word changed (near-duplicates), as JSONL."""
    seeds = load_corpus(RAW_DIR)
    rows = []
    for k in range(3):
        for doc_id, raw in zip(seeds["doc_id"], seeds["raw"]):
            rows.append(
                {"id": f"{doc_id}-{k}", "outlet": f"outlet {k}", "text": raw.replace("حفتر", "حفتر" * (k + 1), 1)}
            )
    path = tmp_path_factory.mktemp("scale") / "seeds.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_small_batches_give_the_same_output_as_one_batch(cli, corpus_jsonl, command):
    whole = cli(*command, str(corpus_jsonl), "--format", "json", "--workers", "1")
    batched = cli(*command, str(corpus_jsonl), "--format", "json", "--batch-size", "2", "--workers", "2")
    assert json.loads(batched) == json.loads(whole)


def test_the_dask_engine_gives_the_same_output_as_the_local_engine(cli, corpus_jsonl):
    pytest.importorskip("distributed")
    for command in COMMANDS:
        local = cli.records(*command, str(corpus_jsonl), "--workers", "1")
        dask = cli.records(*command, str(corpus_jsonl), "--engine", "dask", "--workers", "2", "--batch-size", "4")
        assert dask == local, command[0]
    dup = json.loads(local)
    assert len(dup["clusters"]) == 5 and {c["size"] for c in dup["clusters"]} == {3}
    command = ["duplicates", str(corpus_jsonl), "--threshold", "0.3", "--passages"]
    local = cli.records(*command, "--workers", "1")
    assert cli.records(*command, "--engine", "dask", "--workers", "2", "--batch-size", "4") == local
    local = json.loads(local)
    assert {(r["a"], r["b"]) for r in local["shared_passages"]} == {(r["a"], r["b"]) for r in local["near_duplicates"]}


def test_shared_passages_are_the_runs_of_words_a_pair_shares(cli, tmp_path):
    raw = load_corpus(RAW_DIR)["raw"].iloc[0]
    words = raw.split(" ")
    rows = [{"id": "seed", "text": raw}, {"id": "edited", "text": " ".join([*words[:120], "تعديل", *words[121:]])}]
    path = tmp_path / "pair.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = json.loads(cli("duplicates", str(path), "--format", "json", "--passages"))
    assert [(r["a"], r["b"]) for r in out["near_duplicates"]] == [("seed", "edited")]
    passages = out["shared_passages"]
    assert [r["passage"] for r in passages] == [1, 2]  # before and after the replaced word
    assert all(r["text"] in raw and "تعديل" not in r["text"] for r in passages)
    assert raw.index(passages[0]["text"]) < raw.index(passages[1]["text"])
    assert sum(r["words"] for r in passages) >= 0.9 * len(words)


def test_the_dask_engine_finds_lsh_pairs_on_its_workers_as_the_local_engine_does(cli, tmp_path):
    """Eighty variants of one article (one word replaced each) fill buckets larger than the
    64 documents listed pair by pair, so the large-bucket joins run on the workers too."""
    pytest.importorskip("distributed")
    seeds = load_corpus(RAW_DIR)
    words = seeds["raw"].iloc[0].split(" ")
    rows = [{"id": f"seed-{k}", "text": raw} for k, raw in enumerate(seeds["raw"])]
    rows += [
        {"id": f"variant-{k}", "text": " ".join([*words[: 3 * k], "تعديل", *words[3 * k + 1 :]])} for k in range(80)
    ]
    rows += [{"id": "copy", "text": rows[5]["text"]}]
    path = tmp_path / "variants.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    command = ["duplicates", str(path), "--method"]
    local = cli.records(*command, "lsh", "--workers", "1")
    dask = cli.records(*command, "lsh", "--engine", "dask", "--workers", "2", "--batch-size", "16")
    exact = cli.records(*command, "exact", "--workers", "1")
    assert dask == local == exact
    pairs = {(r["a"], r["b"]) for r in json.loads(dask)["near_duplicates"]}
    assert ("seed-0", "variant-0") in pairs and ("variant-0", "copy") in pairs
    assert len(pairs) > 81 * 80 // 2  # every pair of the 82 versions of one article (the copy once), and more


def test_the_command_line_tables_hold_the_records_of_the_report(cli, corpus_jsonl):
    """The command line writes the tables read back from temporary files; the API returns
    DataFrames: the same records."""
    tables = json.loads(cli("duplicates", str(corpus_jsonl), "--format", "json", "--threshold", "0.3"))
    report = duplicates_report(load_corpus(corpus_jsonl), LIBYA, 0.3)
    assert tables == {name: getattr(report, name).to_dict("records") for name in tables}
    assert len(tables["documents"]) == 15 and len(tables["near_duplicates"]) == 15


def test_the_report_removes_what_clean_corpus_removes():
    """The report reuses the lines its first pass found (offsets, hashed keys) where clean_corpus
    looks every line up again; a paragraph that is only a tatweel is blank once normalized, so the
    raw and normalized texts of that document split differently and its lines are looked up again
    (both ways are tested)."""
    import pandas as pd

    from arabic_news import clean_corpus, normalize, removal_report, split_paragraphs

    seeds = load_corpus(RAW_DIR)
    raws = [raw + "\n\nموقع الأنباء العربية" for raw in seeds["raw"]]  # a site footer: a template line
    raws[1] = raws[1].replace("\n\n", "\n\n\u0640\u0640\n\n", 1)
    assert len(split_paragraphs(raws[1])) == len(split_paragraphs(normalize(raws[1]))) + 1
    df = pd.DataFrame({"doc_id": list(seeds["doc_id"]), "raw": raws})
    expected = removal_report(clean_corpus(df, LIBYA))
    expected = expected[~expected["reason"].str.startswith("repeats")]
    report = duplicates_report(df, LIBYA).boilerplate
    got = [(r.doc_id, r.line, r.text, r.reason) for r in report.itertuples()]
    assert got == [(r.doc_id, r.paragraph, r.text, r.reason) for r in expected.itertuples()]
    templates = [(doc_id[:3], line) for doc_id, line, _text, reason in got if reason == "template line"]
    assert templates == [("001", 2), ("002", 1), ("003", 1)]  # the other two end in reader comments


def test_jsonl_holds_the_same_records_as_json(cli, corpus_jsonl):
    for command in COMMANDS:
        as_json = json.loads(cli(*command, str(corpus_jsonl), "--format", "json"))
        lines = [json.loads(line) for line in cli(*command, str(corpus_jsonl), "--format", "jsonl").splitlines()]
        if isinstance(as_json, dict):
            assert {
                t: [{k: v for k, v in r.items() if k != "table"} for r in lines if r["table"] == t] for t in as_json
            } == as_json
        else:
            assert lines == as_json


def test_csv_and_parquet_have_flat_documented_columns(cli, corpus_jsonl, tmp_path):
    out = cli("stance", str(corpus_jsonl), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 15 * 8  # one row per document and actor (8 actors in the study's framing lexicon)
    assert list(rows[0])[:4] == ["doc_id", "source", "outlet", "n_words"]
    alignment = [
        "alignment",
        "alignment_axis",
        "alignment_low",
        "alignment_high",
        "alignment_hits",
        "alignment_neutral",
    ]
    scores = ["score", "low", "high", "pro", "anti", "neutral", "per_1000_words", "intensity_per_1000_words"]
    assert list(rows[0])[4:] == [*alignment, "actor", *scores, "hits"]
    sources = tmp_path / "sources.parquet"
    cli("sources", str(corpus_jsonl), "--format", "parquet", "--output", str(sources))
    table = pd.read_parquet(sources)
    assert len(table) == 15 and {"attributions", "anonymous", "named", "top_actor", "naming"} <= set(table.columns)
    assert not any(table[c].map(lambda v: isinstance(v, (list, dict))).any() for c in table.columns)
    dup = tmp_path / "dup.csv"
    cli("duplicates", str(corpus_jsonl), "--format", "csv", "--output", str(dup), "--threshold", "0.3")
    assert sorted(p.name for p in tmp_path.glob("dup.*.csv")) == [
        f"dup.{t}.csv"
        for t in sorted(["boilerplate", "clusters", "documents", "internal_duplicates", "near_duplicates"])
    ]
    assert not list(tmp_path.glob(".*partial*"))  # the partial files were renamed into place


def test_csv_of_several_tables_to_the_terminal_and_parquet_to_the_terminal_are_refused(capsys, corpus_jsonl):
    assert main(["duplicates", str(corpus_jsonl), "--format", "csv"]) == 2
    assert main(["corpus", str(corpus_jsonl), "--format", "parquet"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "arabic-news: error: this command writes several tables: pass --output FILE.csv (one CSV file per table)",
        "arabic-news: error: Parquet is a binary format: pass --output FILE.parquet",
    ]


def test_the_terminal_table_has_short_cells_and_bounded_lines(cli, corpus_jsonl):
    for command in COMMANDS:
        out = cli(*command, str(corpus_jsonl))
        assert "{" not in out and "[" not in out  # no JSON in cells
        assert max(len(line) for line in out.splitlines()) <= 200
    stance = cli("stance", str(corpus_jsonl)).splitlines()
    assert stance[0].split() == [
        "doc_id",
        "outlet",
        "n_words",
        "alignment",
        "actor",
        "score",
        "low",
        "high",
        "pro",
        "anti",
        "hits",
    ]
    # one row per document and actor with a scored hit (actors without any are left out of the table)
    rows = [line.split() for line in stance[1:]]
    assert {r[0] for r in rows} == {f"{d}-{k}" for d in RAW_IDS for k in range(3)}
    assert all(int(r[-1]) > 0 for r in rows)


def test_load_corpus_reads_a_dataframe_and_parquet(tmp_path):
    frame = pd.DataFrame(
        {"id": ["a", "b"], "outlet": ["X", None], "text": ["قال حفتر إن الحرب انتهت.", "وصل السراج إلى روما."]}
    )
    from_frame = load_corpus(frame)
    assert list(from_frame["doc_id"]) == ["a", "b"] and from_frame.loc[0, "source"] == "DataFrame"
    assert load_corpus(from_frame)["raw"].tolist() == from_frame["raw"].tolist()  # a loaded corpus loads again
    path = tmp_path / "t.parquet"
    frame.to_parquet(path)
    from_parquet = load_corpus(path)
    assert from_parquet[["doc_id", "raw", "text", "outlet"]].equals(from_frame[["doc_id", "raw", "text", "outlet"]])
    assert from_parquet.loc[0, "source"] == "t.parquet"


def test_the_reader_yields_batches_and_reports_as_it_goes(corpus_jsonl):
    reader = CorpusReader(corpus_jsonl, batch_size=4)
    sizes = [len(b) for b in reader]
    assert sizes == [4, 4, 4, 3] and reader.report.loaded == 15


def test_the_reader_yields_the_columns_asked_for_in_the_same_batches(corpus_jsonl):
    frames = list(CorpusReader(corpus_jsonl, batch_size=4))
    columns = list(CorpusReader(corpus_jsonl, batch_size=4).columns(["doc_id", "text", "missing"]))
    assert [c["doc_id"] for c in columns] == [list(f["doc_id"]) for f in frames]
    assert [c["text"] for c in columns] == [list(f["text"]) for f in frames]
    assert [c["missing"] for c in columns] == [[None] * len(f) for f in frames]


def test_output_to_a_file_appears_only_when_complete(cli, corpus_jsonl, tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("previous run\n", encoding="utf-8")
    assert main(["corpus", str(tmp_path / "missing.jsonl"), "--format", "jsonl", "--output", str(target)]) == 2
    assert target.read_text(encoding="utf-8") == "previous run\n"
    cli("corpus", str(corpus_jsonl), "--format", "jsonl", "--output", str(target))
    assert len(target.read_text(encoding="utf-8").splitlines()) == 15


def test_quiet_runs_write_nothing_on_stderr_and_verbose_ends_with_a_summary(capsys, cli, corpus_jsonl):
    cli("corpus", str(corpus_jsonl))
    assert capsys.readouterr().err == ""
    assert main(["corpus", str(corpus_jsonl), "--verbose"]) == 0
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("arabic-news: corpus: 15 documents read, 0 skipped, 15 records written in ")


def test_the_cluster_plan_runs_on_any_engine_and_finds_the_local_pairs(tmp_path):
    """The plan that keeps shingle hashes on a cluster's workers is written with the engine interface
    only (submit_map, submit, gather): run in this process by an engine that says it is distributed,
    it finds the pairs, clusters and rows of the plan that spills to disk."""
    import pandas as pd

    from arabic_news.analyses.duplicates import duplicates_tables
    from arabic_news.core.parallel import Engine

    class InProcessCluster(Engine):
        distributed = True

    texts = list(load_corpus(PACKS / "libya-2019-2020" / "validation" / "articles.jsonl")["raw"])
    corpus = edited_copies(texts, 120, seed=5)

    def batches():
        for start in range(0, len(corpus), 40):
            part = corpus.iloc[start : start + 40]
            yield [{"doc_id": d, "raw": t} for d, t in zip(part["doc_id"], part["text"])]

    def tables(engine):
        found = duplicates_tables(batches, LIBYA, 0.5, engine=engine, method="lsh")
        return {name: pd.DataFrame(list(rows)).to_dict("records") for name, rows in found.items()}

    on_cluster, local = tables(InProcessCluster()), tables(Engine())
    assert on_cluster == local
    assert len(local["near_duplicates"]) > 20 and local["clusters"]
