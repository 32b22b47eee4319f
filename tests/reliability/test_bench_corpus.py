"""The ingest benchmark's varied corpus: invented pages, no two articles with one text, so no
cache keyed by text can make the benchmark look faster than real coverage would."""

import json

from reliability.mixed_load import bench_module

ingest_bench = bench_module("ingest")


def test_the_varied_corpus_repeats_no_text(tmp_path):
    path = ingest_bench.build_corpus(400, 7, tmp_path, mode="varied")
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    assert len(texts) == 400 and len(set(texts)) == 400
    pages = ingest_bench.invented_pages()
    assert len(pages) >= 150
    openings = {page.split("\n\n")[0] for page in pages}
    assert all(text.split("\n\n")[0] in openings for text in texts)  # each opens as its page does


def test_the_examples_corpus_is_the_example_pages_again(tmp_path):
    path = ingest_bench.build_corpus(20, 7, tmp_path)
    assert len({json.loads(line)["text"] for line in path.open(encoding="utf-8")}) <= 5


def test_articles_brought_near_a_length_keep_their_opening_and_differ(tmp_path):
    path = ingest_bench.build_corpus(300, 7, tmp_path, mode="varied", words=450)
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    lengths = [len(text.split()) for text in texts]
    assert len(set(texts)) == 300
    assert abs(sum(lengths) / len(lengths) - 450) < 15 and min(lengths) > 380 and max(lengths) < 560
    openings = {page.split("\n\n")[0] for page in ingest_bench.invented_pages()}
    assert all(text.split("\n\n")[0] in openings for text in texts)
