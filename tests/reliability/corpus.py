"""The crash-and-resume corpus: ~50 small articles from the example pages, in files a folder walk
reads in a fixed order.

- ``a_pages/``: the five example pages as plain text (no address, no outlet);
- ``b_wire_1.jsonl`` .. ``b_wire_4.jsonl``: ten records each, one example body per record made
  distinct by a sentence of its own, with an address and an outlet (four outlets, each with a
  footer line on every page, so recurring-line detection and the outlet line counts take part);
  one of them carries a broken line; each page has a subheading of its own (a line a re-read
  page must not count twice: it would look recurring and be cut);
- ``c_broken.json``: a file no reader accepts;
- ``d_updates.jsonl``: edited versions of three addresses already read (one edited twice), so
  the store numbers versions 2 and 3 and links each to the one before.
"""

from __future__ import annotations

import json
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
OUTLETS = ["Daily Ledger", "Morning Wire", "Harbour Times", "Valley Courier"]
FILES, RECORDS = 4, 10
EDITS = [(0, 1), (3, 1), (3, 2)]  # (record number, edit number): record 3 is edited twice
ARTICLES = len(list(EXAMPLES.glob("*.txt"))) + FILES * RECORDS + len(EDITS)  # what a clean run stores
BAD_INPUTS = 2  # the broken file and the broken JSONL line


def _pages() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]


def _body(page: str, sentence: str) -> str:
    """``page`` with ``sentence`` added to its longest paragraph (the body)."""
    lines = page.split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    lines[longest] += " " + sentence
    return "\n".join(lines)


def _record(n: int, pages: list[str], edit: int = 0) -> dict:
    outlet = OUTLETS[n % len(OUTLETS)]
    slug = outlet.lower().replace(" ", "")
    sentence = f"Our desk filed report number {n} on this at {n % 12 + 1} p.m."
    if edit:
        sentence += f" Update {edit}: officials said {n + edit * 7} more visits were planned."
    lines = _body(pages[n % len(pages)], sentence).split("\n")
    lines.insert(1, f"Desk notes {n}")  # a subheading on this page alone: body, unless judged recurring
    text = "\n".join(lines) + f"\nFollow {outlet} for more news every day."
    return {
        "url": f"https://{slug}.example/news/{n:03d}",
        "outlet": outlet,
        "title": f"Report {n} from {outlet}" + (f" (updated {edit})" if edit else ""),
        "published": f"2019-01-{n % 20 + 8:02d}",
        "text": text,
    }


def build(folder: Path) -> Path:
    """Write the corpus into ``folder`` (created) and return it."""
    pages = _pages()
    (folder / "a_pages").mkdir(parents=True)
    for number, page in enumerate(pages):
        (folder / "a_pages" / f"page_{number}.txt").write_text(page, encoding="utf-8")
    for f in range(FILES):
        lines = [json.dumps(_record(f * RECORDS + r, pages)) for r in range(RECORDS)]
        if f == 1:
            lines.insert(4, '{"url": "https://broken.example/1", "text": ')
        (folder / f"b_wire_{f + 1}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "c_broken.json").write_text('{"articles": [1, 2,', encoding="utf-8")
    updates = [json.dumps(_record(n, pages, edit)) for n, edit in EDITS]
    (folder / "d_updates.jsonl").write_text("\n".join(updates) + "\n", encoding="utf-8")
    return folder
