"""Held-out measure of prose duties: the hand-read harvest ``bench/harvest/prose_duties.jsonl`` (65 real passages of
13 documents no set holds, read by helper hv before the extractor ran on them; format in ``bench/harvest/README.md``)
against ``extract_text``.

    python bench/harvested_prose.py [--harvest FILE.jsonl] [--out FILE.md]

Each passage is run as one small document.  A passage alone has its first line read as the document's title (and
so lost as text), so every passage gets the same neutral first line ``TITLE`` ("摘录", an excerpt: it names no
document kind, so the passage is read in the mode the extractor picks for a document of unknown kind).  Every
(role, unit) of every task of the passage is collected (roles lead / participant / responsible; a unit named twice
counts once) and compared with the hand reading:

- per case: exact (the same set of (role, unit)) or not, with what is missing and extra;
- per family: cases exact, units found / hand units, extra units;
- micro precision / recall / F1 of (role, unit) pairs and of unit names without roles, over all cases
  (a counterexample adds only to the extractor's count).

Names are compared as the real-document scorer compares them (``tests/real_support.fold``: NFKC, no white space,
no trailing 等).  Not a test: the honest transfer estimate of issue 7 for prose duties.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.harvest_report import family_lines, micro_lines, run  # noqa: E402

HARVEST = ROOT / "bench" / "harvest" / "prose_duties.jsonl"
TITLE = "摘录"  # the neutral first line every passage gets (names no document kind)
ROLES = (("lead", "lead"), ("participant", "participants"), ("responsible", "responsible"))


def fold(name: str) -> str:
    from tests.real_support import fold as real_fold

    return real_fold(name)


def read_passage(text: str) -> set[tuple[str, str]]:
    """Every (role, unit) of every task ``extract_text`` finds in the passage."""
    from extract.pipeline import extract_text

    got: set[tuple[str, str]] = set()
    for doc in extract_text(f"{TITLE}\n{text}", "passage.txt"):
        for t in doc.tasks:
            for role, attr in ROLES:
                got.update((role, fold(x.name)) for x in getattr(t, attr))
    return got


def measure(harvest: Path = HARVEST) -> list[str]:
    """The report's lines for the harvest file ``harvest`` (JSON lines, format in bench/harvest/README.md)."""
    cases = [json.loads(line) for line in harvest.read_text(encoding="utf-8").splitlines() if line.strip()]
    fam = defaultdict(lambda: [0, 0, 0, 0, 0])  # cases, exact, hand units found, hand units, extra
    pair = [0, 0, 0]  # tp, predicted, gold of (role, unit)
    name = [0, 0, 0]  # the same of unit names
    rows = []
    for c in cases:
        exp = {(r, fold(u)) for r, u in c["units"]}
        got = read_passage(c["text"])
        exact = got == exp
        f = fam[c["family"]]
        f[0] += 1
        f[1] += exact
        f[2] += len(got & exp)
        f[3] += len(exp)
        f[4] += len(got - exp)
        pair[0] += len(got & exp)
        pair[1] += len(got)
        pair[2] += len(exp)
        en, gn = {u for _, u in exp}, {u for _, u in got}
        name[0] += len(en & gn)
        name[1] += len(gn)
        name[2] += len(en)
        line = f"| {'exact' if exact else 'MISS'} | `{c['id']}` | {c['family']} | {len(got & exp)}/{len(exp)} |"
        miss = sorted(exp - got)
        extra = sorted(got - exp)
        detail = "; ".join(filter(None, [("missing " + ", ".join(f"{r}:{u}" for r, u in miss)) if miss else "",
                                         ("extra " + ", ".join(f"{r}:{u}" for r, u in extra)) if extra else ""]))
        rows.append(line + f" {detail} |")
    out = [f"# Prose duties on the held-out harvest ({len(cases)} passages)", "",
           f"`python bench/harvested_prose.py --harvest bench/harvest/{harvest.name}` — each passage run by `extract_text` as one document after the "
           f"neutral first line \"{TITLE}\" (a passage alone loses its first line as the title).", ""]
    out += family_lines(fam, "units")
    out += micro_lines([("(role, unit)", pair), ("unit names (any role)", name)])
    out += ["", "| | case | family | hand units found | difference |", "|---|---|---|---|---|"] + rows
    return out


def main() -> int:
    return run(measure, HARVEST, "the harvest file (default bench/harvest/prose_duties.jsonl; the second is prose_duties_2.jsonl)", __doc__.splitlines()[0])


if __name__ == "__main__":
    raise SystemExit(main())
