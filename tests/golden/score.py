"""Score storyscope's extraction against hand-written gold (see CONVENTIONS.md).

Run as a script to print the figures:  .venv/bin/python tests/golden/score.py
The tests in test_gold.py hold the floors in floors.json.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
CORPORA = ("seeds", "styles", "heldout", "voices")


@dataclass
class Tally:
    matched_gold: int = 0
    gold: int = 0
    matched_pred: int = 0
    pred: int = 0

    def add(self, other: "Tally") -> None:
        self.matched_gold += other.matched_gold
        self.gold += other.gold
        self.matched_pred += other.matched_pred
        self.pred += other.pred

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched_pred / self.pred if self.pred else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _norm(s: str | None) -> str:
    s = (s or "").casefold().replace("’", "'")
    s = re.sub(r"^(?:the|a|an|some|several)\s+", "", s.strip())
    return " ".join(re.findall(r"\w+", s))


def _tokens(s: str) -> set[str]:
    return set(re.findall(r"\w+", s.casefold()))


def _overlap(a: str, b: str) -> float:
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


def unit_head(unit: str | None) -> str:
    """The head noun of a unit, singular: 'nautical miles' ~ 'miles' ~ 'mile'; '%' ~ 'per cent'."""
    words = _norm(unit).replace("per cent", "percent").split()
    if (unit or "").strip() in {"%", "pc", "pct"}:
        return "percent"
    head = words[-1] if words else ""
    return head[:-1] if head.endswith("s") and len(head) > 3 else head


def speaker_ok(predicted: str | None, gold: dict) -> bool:
    names = [gold["speaker"], *gold.get("aliases", [])]
    return predicted is not None and any(_norm(predicted) == _norm(n) for n in names)


def _match(golds: list, preds: list, same) -> Tally:
    """Greedy one-to-one matching: each gold item may take one predicted item."""
    taken: set[int] = set()
    hit = 0
    for g in golds:
        for i, p in enumerate(preds):
            if i not in taken and same(g, p):
                taken.add(i)
                hit += 1
                break
    return Tally(matched_gold=hit, gold=len(golds), matched_pred=len(taken), pred=len(preds))


def score_article(gold: dict, exported: dict) -> dict[str, Tally]:
    """Tallies per kind for one article: exported is storyscope's JSON export of it."""
    sentences = exported["sentences"]

    def quote_same(g, p, need_speaker=True):
        if _overlap(g["text"], p["text"]) < 0.5:
            return False
        sentence = sentences[p["sentence"]]["text"] if p["sentence"] < len(sentences) else ""
        near = g.get("sentence_contains", "")[:30] in sentence or _overlap(g["text"], p["text"]) >= 0.8
        return near and (not need_speaker or speaker_ok(p["speaker"], g))

    body_lines = set(" ".join(line.split()) for line in exported["text"].split("\n") if line.strip())
    gold_body = [" ".join(line.split()) for line in gold["body"]]
    gold_residue = [" ".join(line.split()) for line in gold["residue"]]
    kept = sum(1 for line in gold_body if line in body_lines)
    removed = sum(1 for line in gold_residue if line not in body_lines)

    def date_same(g, p):
        return _overlap(g["text"], p["text"]) >= 0.5 and str(g["value"]) == str(p["value"])

    def number_same(g, p):
        close = abs(float(g["value"]) - float(p["value"])) <= 1e-6 * max(1.0, abs(float(g["value"])))
        return close and unit_head(g.get("unit")) == unit_head(p.get("unit")) and (
            (g.get("qualifier") or None) == (p.get("qualifier") or None))

    def metadata_tally(field: str, underivable_counts: bool = False) -> Tally:
        """The page's title, author or outlet as the gold writes it (case, punctuation and a
        leading article aside); a value where the gold has none counts against precision. A value
        the gold marks as nowhere on the page (``"<field>_evidence": "none"``) is left out of the
        recall unless ``underivable_counts``; a wrong guess at it still counts against precision."""
        wanted, got = gold.get("metadata", {}).get(field), exported.get(field)
        if field == "title" and exported.get("title_basis") == "made from the lead":
            got = None  # a title made for a page without a headline is not the page's
        hit = int(bool(wanted) and bool(got) and _norm(wanted) == _norm(got))
        derivable = underivable_counts or gold.get("metadata", {}).get(f"{field}_evidence") != "none"
        return Tally(matched_gold=hit if derivable else 0, gold=int(bool(wanted) and derivable),
                     matched_pred=hit, pred=int(bool(got)))

    return {
        "title": metadata_tally("title"),
        "author": metadata_tally("author"),
        "outlet": metadata_tally("outlet"),
        "outlet_all_pages": metadata_tally("outlet", underivable_counts=True),
        "body_kept": Tally(matched_gold=kept, gold=len(gold_body), matched_pred=kept, pred=len(gold_body)),
        "residue_removed": Tally(matched_gold=removed, gold=len(gold_residue), matched_pred=removed, pred=len(gold_residue)),
        "quotes_found": _match(gold["quotes"], exported["quotes"], lambda g, p: quote_same(g, p, False)),
        "quotes_speaker": _match(gold["quotes"], exported["quotes"], quote_same),
        "dates": _match(gold["dates"], exported["dates"], date_same),
        "numbers": _match(gold["numbers"], exported["numbers"], number_same),
    }


def gold_files(corpus: str) -> list[Path]:
    return sorted((HERE / corpus).glob("*.gold.json"))


def score_corpus(corpus: str, exported_by_file: dict[str, dict]) -> dict[str, Tally]:
    totals: dict[str, Tally] = {}
    for path in gold_files(corpus):
        gold = json.loads(path.read_text(encoding="utf-8"))
        exported = exported_by_file[gold["article"]]
        for kind, tally in score_article(gold, exported).items():
            totals.setdefault(kind, Tally()).add(tally)
    return totals


def run_pipeline_on(corpus: str) -> dict[str, dict]:
    """Ingest the corpus into a throwaway store and export it, as a user would."""
    import tempfile

    from storyscope import export_articles, ingest_paths

    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/gold.db"
        ingest_paths([str(HERE / corpus)], db=db, workers=1)
        articles = export_articles(db)
    return {Path(a["source"]).name: a for a in articles}


def main() -> None:
    for corpus in CORPORA:
        if not gold_files(corpus):
            continue
        totals = score_corpus(corpus, run_pipeline_on(corpus))
        print(f"{corpus}:")
        for kind, t in totals.items():
            print(f"  {kind:16s} recall {t.recall:.3f}  precision {t.precision:.3f}  ({t.matched_gold}/{t.gold} gold, {t.matched_pred}/{t.pred} predicted)")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent.parent / "src"))
    main()
