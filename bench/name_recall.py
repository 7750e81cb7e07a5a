"""Name recall: does the unit recogniser know the unit names the gold gives, and does that transfer?

    python bench/name_recall.py [--no-extract] [--out FILE.md]

Every gold unit of every non-blind real set (``tests/fixtures/real*/gold/*.json``, the folders of
``bench/blind.py`` skipped) and of the first two prose harvests (``bench/harvest/prose_duties.jsonl``,
``prose_duties_2.jsonl``; later harvests are held out and never read) is one *name*: the folded name
(``tests/real_support.fold``) of a unit of one document (a harvest passage is one document), counted once per
document.  Only names written verbatim in their document (after the same folding of the text) are measured; the
others (gold names put together from a level list, "市或者区人民政府") are counted apart.

Per name:

- ``full``: the recogniser accepts it (``extract.structure.actors.is_unit``, what may stand for a unit in a
  document's text: gazetteer names, group expressions, the shape rule of ``extract.entities.unit_shape``, a district,
  a unit with its other name in brackets …);
- ``loso`` (leave one set out): accepted with every *enumerated* name that only this set needs removed.
  Enumerated names are the gazetteer aliases (labels, aliases, local and derived aliases: ``departments._known_names``)
  and the fixed group expressions (``department_groups.yaml: fixed``).  An enumerated name is *only set k's* when it
  occurs in set k's documents and in no other set's document, harvest passage, sample corpus document
  (``../shared/corpus/``) or golden layout (``tests/fixtures/golden/``, ``heldout*``, ``formats``);
- ``generic``: accepted with every enumerated name left out (``departments.leave_out``): the shape rules alone
  (``unit_shape.looks_like_shape``, the group patterns, the national division table): what an unseen name of a
  known shape gets;
- ``organ-ended``: the names that end like an organ (``organ_ended``), and the generic recall of those alone (a
  sector stem, 公安 in "公安、财政等部门", is found by the readers in its list, never by a name test);
- ``extracted`` (unless ``--no-extract``): the extractor (``extract_text``) gives a unit of that name somewhere in
  the document (any task, any role) — the recogniser and the readers together.

Read-only: it runs the extractor and the recogniser and changes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FIXTURES = ROOT / "tests" / "fixtures"
HARVESTS = (("harvest1", ROOT / "bench" / "harvest" / "prose_duties.jsonl"),
            ("harvest2", ROOT / "bench" / "harvest" / "prose_duties_2.jsonl"))
CORPUS = ROOT.parent / "shared" / "corpus"
LAYOUT_DIRS = ("golden", "heldout", "heldout3", "heldout4", "heldout5", "formats")
ROLES = ("lead", "participants", "responsible")


@dataclass
class Doc:
    """One gold document (or harvest passage): its folded text and its gold unit names."""

    set: str
    name: str
    path: str  # the file (real sets) or "" (a harvest passage, text in ``raw``)
    raw: str
    names: tuple[str, ...]


def fold(name: str) -> str:
    from tests.real_support import fold as real_fold

    return real_fold(name)


def fold_text(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def real_sets() -> list[str]:
    from bench.blind import held_out

    blind = set(held_out())
    return sorted(p.name for p in FIXTURES.iterdir()
                  if p.is_dir() and (p.name == "real" or p.name.startswith("real_unseen")) and p.name not in blind)


def load_docs(sets: list[str] | None = None, harvests=HARVESTS) -> list[Doc]:
    """The gold documents of ``sets`` (default: every non-blind real set) and of ``harvests``."""
    from extract.readers.dispatch import read_file

    docs = []
    for folder in real_sets() if sets is None else sets:
        for gold_path in sorted((FIXTURES / folder / "gold").glob("*.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            path = FIXTURES / folder / gold["file"]
            names = {fold(n) for t in gold["tasks"] for r in ROLES for n in t.get(r, [])}
            docs.append(Doc(folder, gold["file"], str(path), read_file(path).text, tuple(sorted(names))))
    for label, harvest in harvests:
        for line in harvest.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                names = {fold(n) for _, n in case["units"]}
                docs.append(Doc(label, case["id"], "", case["text"], tuple(sorted(names))))
    return docs


def layout_texts() -> list[str]:
    """The texts outside every gold set an enumerated name may also be needed by: the sample corpus and the layouts."""
    files = [p for p in CORPUS.rglob("*") if p.is_file()] if CORPUS.is_dir() else []
    for d in LAYOUT_DIRS:
        folder = FIXTURES / d
        if folder.is_dir():
            files += [p for p in folder.rglob("*") if p.is_file() and p.suffix in (".md", ".txt", ".html", ".json")]
    out = []
    for p in files:
        try:
            out.append(p.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, OSError):
            continue
    return out


def enumerated() -> frozenset[str]:
    """Every enumerated name: gazetteer aliases and fixed group expressions."""
    from extract.entities.departments import _known_names, group_rules

    return frozenset(_known_names()) | frozenset(group_rules()[0])


def only_needed_by(docs: list[Doc], names: frozenset[str], others: list[str]) -> dict[str, frozenset[str]]:
    """set -> the enumerated names that occur in that set's documents and nowhere else."""
    by_set: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        by_set[d.set].append(fold_text(d.raw))
    texts = {s: "\n".join(v) for s, v in by_set.items()}
    elsewhere = "\n".join(fold_text(t) for t in others)
    where: dict[str, set[str]] = defaultdict(set)
    for name in names:
        key = fold(name)
        if len(key) < 2:
            continue
        for s, text in texts.items():
            if key in text:
                where[name].add(s)
        if key in elsewhere:
            where[name].add("*")
    out: dict[str, set[str]] = defaultdict(set)
    for name, sets in where.items():
        if len(sets) == 1 and "*" not in sets:
            out[next(iter(sets))].add(fold(name))
    return {s: frozenset(v) for s, v in out.items()}


ORGAN_END = r"(?:{{lexicon:unit_suffixes}}|部门|机关|机构|单位|企业|组织|组|专班|乡|镇|区|县|市|台|报|网)(?:\([^()]*\))*$"


def organ_ended(name: str) -> bool:
    """A name that ends like an organ (the lexicon's unit endings, 部门, 机关 …), not a sector stem named in a list
    ("公安、财政等部门" → 公安, 财政: no name alone; the readers find those in their list)."""
    import re

    from extract.rules.loader import expand_lexicon

    return bool(re.search(expand_lexicon(ORGAN_END), name))


def accepts(name: str) -> bool:
    """The recogniser: can ``name`` stand for a unit in a document's text (``extract.structure.actors.is_unit``:
    gazetteer names, group expressions, the shape rule, a district, a unit with its other name …)?"""
    from extract.structure.actors import is_unit

    return is_unit(name)


def left_out(names) -> None:
    """Run the recogniser without ``names`` (enumerated names) from now on; ``left_out(())`` puts them back."""
    from extract.entities import departments, unit_shape
    from extract.structure import actors

    departments.leave_out(names)
    for cached in (unit_shape.looks_like_department, actors.is_unit, actors.is_actor):
        cached.cache_clear()


def extracted_names(doc: Doc) -> set[str]:
    """The folded names of every unit the extractor gives in ``doc``."""
    if doc.path:
        from tests.real_support import extracted

        _, parts = extracted(doc.path)
        return {fold(x.name) for p in parts for t in p.tasks for r in ROLES for x in getattr(t, r)}
    from bench.harvested_prose import read_passage

    return {n for _, n in read_passage(doc.raw)}


def measure(docs: list[Doc], extract: bool = True, others: list[str] | None = None) -> dict:
    """Per set and overall counts: names (verbatim), not verbatim, full, loso, generic, extracted; and the misses."""
    known = enumerated()
    only = only_needed_by(docs, known, layout_texts() if others is None else others)
    by_set: dict[str, list[tuple[Doc, str]]] = defaultdict(list)
    rows: dict[str, dict] = {}
    missed: list[tuple[str, str]] = []  # (set, name) the extractor does not give
    for d in docs:
        r = rows.setdefault(d.set, dict(names=0, absent=0, full=0, loso=0, generic=0, extracted=0, organ=0,
                                        organ_generic=0))
        text = fold_text(d.raw)
        got = extracted_names(d) if extract else set()
        for name in d.names:
            if name not in text:
                r["absent"] += 1
                continue
            r["names"] += 1
            r["extracted"] += name in got
            if extract and name not in got:
                missed.append((d.set, name))
            r["organ"] += organ_ended(name)
            by_set[d.set].append((d, name))
    verdict: dict[tuple[str, str, str], dict] = {}
    try:
        for mode in ("full", "loso", "generic"):
            if mode == "full":
                left_out(())
            elif mode == "generic":
                left_out(known)
            for s, items in by_set.items():
                if mode == "loso":
                    left_out(only.get(s, ()))
                for d, name in items:
                    hit = accepts(name)
                    rows[s][mode] += hit
                    if mode == "generic" and organ_ended(name):
                        rows[s]["organ_generic"] += hit
                    verdict.setdefault((s, d.name, name), {})[mode] = hit
    finally:
        left_out(())
    refused = sum(1 for _, name in missed if not accepts(name))  # (every name back in: the full recogniser)
    misses: dict[str, list[tuple[str, str, str]]] = defaultdict(list)  # set -> (doc, name, the measures accepting it)
    for (s, doc, name), v in verdict.items():
        if not v["generic"]:
            misses[s].append((doc, name, "loso" if v["loso"] else ("full" if v["full"] else "none")))
    total = dict(names=0, absent=0, full=0, loso=0, generic=0, extracted=0, organ=0, organ_generic=0)
    for r in rows.values():
        for k in total:
            total[k] += r[k]
    return {"sets": rows, "total": total, "misses": dict(misses), "only": {s: sorted(v) for s, v in only.items()},
            "not_extracted": len(missed), "not_extracted_refused": refused}


def _pct(n: int, d: int) -> str:
    return f"{n / d:.3f}" if d else "-"


def render(result: dict, extract: bool, command: str) -> list[str]:
    lines = ["# Name recall (issue 7): the recogniser's transfer measure", "", f"Command: `{command}`", "",
             "Columns: names = gold unit names written verbatim in their document (not verbatim: counted apart); "
             "full = accepted by `actors.is_unit`; loso = accepted with every enumerated name only this set needs "
             "removed; generic = accepted by the shape rules alone; extracted = a unit of that name anywhere in the "
             "extractor's output of the document; organ-ended = the names that end like an organ (not a sector "
             "stem such as 公安 named in a list closed by 等部门, which no recogniser takes alone) and their generic "
             "recall.", "",
             "| set | names | not verbatim | full | loso | generic | extracted | organ-ended | generic, organ-ended |",
             "|---|---|---|---|---|---|---|---|---|"]
    for s, r in sorted(result["sets"].items()) + [("**all**", result["total"])]:
        ext = _pct(r["extracted"], r["names"]) if extract else "-"
        lines.append(f"| {s} | {r['names']} | {r['absent']} | {_pct(r['full'], r['names'])} | "
                     f"{_pct(r['loso'], r['names'])} | {_pct(r['generic'], r['names'])} | {ext} | {r['organ']} | "
                     f"{_pct(r['organ_generic'], r['organ'])} |")
    if extract:
        n, refused = result["not_extracted"], result["not_extracted_refused"]
        lines += ["", f"Names the extractor does not give: {n}; of these the recogniser (full) refuses {refused} and "
                  f"accepts {n - refused} (a reader misses them)."]
    lines += ["", "## Enumerated names only one set needs (removed for that set's loso)", ""]
    for s, names in sorted(result["only"].items()):
        lines.append(f"- {s} ({len(names)}): {'、'.join(names)}")
    lines += ["", "## Names the shape rules alone do not accept (set: document — name [full/loso/none])", ""]
    for s, items in sorted(result["misses"].items()):
        lines.append(f"- {s}: " + "; ".join(f"{doc[:24]} — {n} [{w}]" for doc, n, w in items))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-extract", action="store_true", help="the recogniser only (no extractor run)")
    parser.add_argument("--out", help="write the markdown report here (default: stdout)")
    args = parser.parse_args()
    result = measure(load_docs(), extract=not args.no_extract)
    command = "python bench/name_recall.py" + (" --no-extract" if args.no_extract else "") + (
        f" --out {args.out}" if args.out else "")
    text = "\n".join(render(result, not args.no_extract, command)) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
