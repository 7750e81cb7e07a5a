"""Scoring document metadata against the gold of the real documents.

Every gold file (``tests/fixtures/real*/gold/<stem>.json``) lists the file's
documents with ``title``, ``issuer``, ``doc_number``, ``date``,
``jurisdiction_level`` and ``jurisdiction`` (a name: 安徽省, 广安市, 中国).  A
gold document is matched to the extracted document of the same title (compared
without spaces and markup, NFKC-folded), else to the one at the same position
when the file has as many extracted documents as gold ones.  Each field of each
gold document counts one: right when the matched document has the same value
(an unmatched gold document gets every field wrong).

Run ``python tests/doc_meta_support.py [FOLDER ...] [-v]`` for the per-field
table (``-v`` prints every difference).
"""

from __future__ import annotations

import sys
import unicodedata
from collections import Counter
from pathlib import Path

from real_support import FIXTURES, extracted, gold_files, load_gold

FIELDS = ("title", "issuer", "doc_number", "date", "jurisdiction_level", "jurisdiction")
_SAME = {"中华人民共和国": "中国"}


def _fold(text) -> str | None:
    if text is None:
        return None
    s = "".join(unicodedata.normalize("NFKC", str(text)).split())
    s = s.strip("#*")
    return _SAME.get(s, s)


def extracted_fields(doc) -> dict:
    """The gold fields of one extracted :class:`extract.model.Document`."""
    return {"title": doc.title, "issuer": doc.issuer, "doc_number": doc.number, "date": doc.date,
            "jurisdiction_level": doc.jurisdiction_level, "jurisdiction": doc.jurisdiction_name}


def _match(gold_docs: list[dict], docs: list) -> list:
    by_title = {}
    for d in docs:
        by_title.setdefault(_fold(d.title), d)
    same_count = len(gold_docs) == len(docs)
    out = []
    for i, g in enumerate(gold_docs):
        hit = by_title.get(_fold(g["title"]))
        if hit is None and same_count:
            hit = docs[i]
        out.append(hit)
    return out


def score(folders: list[str], matched_only: bool = False) -> tuple[Counter, Counter, list[str]]:
    """(right per field, gold count per field, differences) over ``folders``;
    ``matched_only`` leaves out gold documents the extractor did not split off."""
    right, total, diffs = Counter(), Counter(), []
    for folder in folders:
        for gold_path in gold_files(folder):
            gold = load_gold(gold_path)
            _, docs = extracted(str(FIXTURES / folder / gold["file"]))
            for g, d in zip(gold["documents"], _match(gold["documents"], docs)):
                if matched_only and d is None:
                    continue
                got = extracted_fields(d) if d is not None else {}
                for f in FIELDS:
                    total[f] += 1
                    if _fold(got.get(f)) == _fold(g.get(f)):
                        right[f] += 1
                    else:
                        diffs.append(f"{gold['file']}: {g['title'][:24]} {f}: gold {g.get(f)!r} got {got.get(f)!r}")
    return right, total, diffs


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent.parent))
    args = [a for a in sys.argv[1:] if a != "-v"]
    right, total, diffs = score(args or ["real"])
    mright, mtotal, _ = score(args or ["real"], matched_only=True)
    print("| field | right / gold | accuracy | on documents split off as in the gold |\n| --- | --- | --- | --- |")
    for f in FIELDS:
        print(f"| {f} | {right[f]} / {total[f]} | {right[f] / max(total[f], 1):.2f} "
              f"| {mright[f]} / {mtotal[f]} = {mright[f] / max(mtotal[f], 1):.2f} |")
    if "-v" in sys.argv:
        print("\n".join(diffs))
