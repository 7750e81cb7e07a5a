"""Targets of the dev half: every missing or extra target, sorted by cause.

    python bench/target_misses.py [--examples N] [--class SUBSTRING]

Reads the dev half of ``bench/family_cv.py`` (every open gold document except the check half: documents of
odd-numbered sets of ``bench/blind_families.tsv`` are never read) through
``tests/real_support.match_tasks``: each gold task with the extracted task the scorer matched it to.  A target is the
tuple the scorer compares, (value, unit, comparator, year).  Every tuple that differs is one *difference*, classified
in this order (the first that fits):

- ``no-task``: the gold task has no extracted task (missing), or the extracted task has no gold task (extra);
- ``duplicate``: an extra tuple the same task also has as a found one (read twice);
- ``year``: a missing and an extra tuple of one task with the same value, unit and comparator (``year:gold->got``);
- ``form``: a missing and an extra tuple of one task with the same value, another unit or comparator
  (``form:unit`` / ``form:comparator`` / ``form:both``);
- ``other-task``: a missing tuple whose value and unit another task of the document carries — a scored task as an
  extra (``other-task:scored``, both sides counted once here), a task the scorer does not count (no unit, or matched by
  no gold task: ``other-task:unscored``), or the document's indicator table (``other-task:indicators``);
- ``missing``: not read at all, by where the number stands: ``missing:in-task`` (the task's text prints it),
  ``missing:before-task`` (the text before the task within 1,500 characters: a lead-in, a heading, a 主要目标 part),
  ``missing:elsewhere``;
- ``extra``: a tuple the gold does not have (not a target per GOLD_GUIDE, or not one of this task), by the word
  before its number (``extra:per-period`` 每年/每季度…, ``extra:no-comparator`` "=", ``extra:other``).

Prints counts per class, the largest first, each with examples (document, gold anchor, tuple, text window).
Read-only: it runs the extractor and changes nothing.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import real_support as rs  # noqa: E402
from bench.family_cv import _stem, halves, open_sets  # noqa: E402

PER_PERIOD = re.compile(r"每(年|季度|季|月|周|半年|两年|\d+年)")


def tuple_of(x) -> tuple:
    """A target as the scorer compares it."""
    return (rs._num(x.value), rs._unit(x.unit), x.comparator, x.year if x.year else (x.period[1] if x.period else None))


def gold_tuple(x) -> tuple:
    return (rs._num(x[0]), rs._unit(x[1]), x[2], x[3])


def number_forms(v) -> list[str]:
    """Ways the text may print a value (Arabic only)."""
    if v is None:
        return []
    s = str(v)
    out = [s]
    if isinstance(v, int) and v >= 1000:
        out.append(f"{v:,}")
    return out


def find_value(text: str, v, lo: int, hi: int) -> int:
    """Position of the value printed as a whole number in ``text[lo:hi]``, else -1."""
    for s in number_forms(v):
        for m in re.finditer(re.escape(s), text[lo:hi]):
            a, b = lo + m.start(), lo + m.end()
            if (a == 0 or not (text[a - 1].isdigit() or text[a - 1] == ".")) and \
                    (b >= len(text) or not (text[b].isdigit() or (text[b] == "." and b + 1 < len(text) and text[b + 1].isdigit()))):
                return a
    return -1


def window(text: str, at: int, width: int = 26) -> str:
    if at < 0:
        return ""
    return re.sub(r"\s+", " ", text[max(0, at - width): at + width])


def documents():
    dev, check = halves()
    for folder in open_sets():
        for path in rs.gold_files(folder):
            key = (folder, _stem(path))
            if key in check:
                continue  # the check half is never studied
            yield folder, path


def classify():
    diffs = []  # (class, doc, anchor, tuple, window)
    totals = Counter()
    for folder, path in documents():
        gold, text, assigned, pairs, _ = rs.match_tasks(folder, path)
        _, docs = rs.extracted(str(rs.FIXTURES / folder / gold["file"]))
        lo, hi = gold.get("score_range") or (0, len(text))
        tasks = [t for d in docs for t in d.tasks if lo <= t.span[0] < hi]
        indicators = [x for d in docs for x in d.targets]
        doc = f"{folder}/{gold['file'][:30]}"
        matched = {id(t) for _, t in pairs if t is not None}
        scored = matched | {id(t) for t in assigned}
        miss, extra = [], []  # (gold anchor, task or None, tuple, Target or None)
        for g, t in pairs:
            gt = Counter(gold_tuple(x) for x in g.get("targets", []))
            totals["gold"] += sum(gt.values())
            if t is None:
                for tup in gt.elements():
                    diffs.append(("no-task:missing", doc, g["anchor"], tup, window(text, text.find(g["anchor"]))))
                continue
            pt = Counter(tuple_of(x) for x in t.targets)
            totals["found"] += sum((gt & pt).values())
            rest = list((pt - gt).elements())
            objs = defaultdict(list)
            for x in t.targets:
                objs[tuple_of(x)].append(x)
            for tup in (gt - pt).elements():
                miss.append((g["anchor"], t, tup, None))
            for tup in rest:
                x = objs[tup].pop() if objs[tup] else None
                if tup in gt:
                    diffs.append(("duplicate", doc, g["anchor"], tup, window(text, x.span[0] if x else -1)))
                else:
                    extra.append((g["anchor"], t, tup, x))
        for t in assigned:
            if id(t) not in matched:
                for x in t.targets:
                    diffs.append(("no-task:extra", doc, f"({t.title[:14]})", tuple_of(x), window(text, x.span[0])))
        # one task: year, then form
        for kind, same in (("year", lambda a, b: a[:3] == b[:3]), ("form", lambda a, b: a[0] == b[0])):
            for m in list(miss):
                e = next((e for e in extra if e[1] is m[1] and same(m[2], e[2])), None)
                if e is None:
                    continue
                miss.remove(m)
                extra.remove(e)
                if kind == "year":
                    sub = f"year:{'null' if m[2][3] is None else 'dated'}->{'null' if e[2][3] is None else 'dated'}"
                else:
                    u, c = m[2][1] != e[2][1], m[2][2] != e[2][2]
                    sub = "form:" + ("both" if u and c else "unit" if u else "comparator" if c else "year")
                diffs.append((sub, doc, m[0], f"{m[2]} -> {e[2]}", window(text, e[3].span[0] if e[3] else -1)))
        # another task of the document
        for m in list(miss):
            e = next((e for e in extra if e[1] is not m[1] and e[2][:2] == m[2][:2]), None)
            if e is not None:
                miss.remove(m)
                extra.remove(e)
                where = "before" if e[1].span[0] < m[1].span[0] else "after"
                diffs.append((f"other-task:scored-{where}", doc, m[0], f"{m[2]} in {e[1].id}: {e[2]}",
                              window(text, e[3].span[0] if e[3] else -1)))
                continue
            x = next((x for t in tasks if id(t) not in scored for x in t.targets if tuple_of(x)[:2] == m[2][:2]), None)
            if x is not None:
                miss.remove(m)
                owner = next(t for t in tasks if x in t.targets)
                diffs.append(("other-task:unscored", doc, m[0], f"{m[2]} in {owner.id} {owner.title[:12]!r}: {tuple_of(x)}",
                              window(text, x.span[0])))
                continue
            x = next((x for x in indicators if tuple_of(x)[:2] == m[2][:2]), None)
            if x is not None:
                miss.remove(m)
                diffs.append(("other-task:indicators", doc, m[0], f"{m[2]}", window(text, x.span[0])))
        for anchor, t, tup, _ in miss:
            at = find_value(text, tup[0], t.span[0], t.span[1])
            if at >= 0:
                sub = "missing:in-task"
            else:
                at = find_value(text, tup[0], max(lo, t.span[0] - 1500), t.span[0])
                sub = "missing:before-task" if at >= 0 else "missing:elsewhere"
            diffs.append((sub, doc, anchor, tup, window(text, at)))
        for anchor, t, tup, x in extra:
            sub = "extra:per-period" if PER_PERIOD.search(x.text if x else "") else \
                "extra:no-comparator" if tup[2] == "=" else "extra:other"
            diffs.append((sub, doc, anchor, tup, window(text, x.span[0] if x else -1)))
    return diffs, totals


def main(argv: list[str]) -> int:
    nex, only = 3, None
    if "--examples" in argv:
        nex = int(argv[argv.index("--examples") + 1])
    if "--class" in argv:
        only = argv[argv.index("--class") + 1]
    diffs, totals = classify()
    by = defaultdict(list)
    for d in diffs:
        by[d[0]].append(d)
    top = Counter(d[0].split(":")[0] for d in diffs)
    print(f"dev half: gold targets {totals['gold']}, found {totals['found']}; differences {len(diffs)}: "
          + ", ".join(f"{k} {v}" for k, v in top.most_common()))
    for sub, items in sorted(by.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if only and only not in sub:
            continue
        print(f"\n{sub:30s} {len(items):4d}  ({len({d[1] for d in items})} documents)")
        for d in items[:nex]:
            print(f"    {d[1]} [{d[2][:14]}] {d[3]}  …{d[4]}…")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
