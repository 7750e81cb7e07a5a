"""Units of found tasks: every difference inside a matched task, classified by form.

    python bench/unit_misses.py [FOLDER ...] [--examples N] [--class SUBSTRING]

Reads the open gold sets (default: ``real`` and every ``real_unseen*`` folder that ``bench/blind.py`` does not name;
a blind folder given by name is refused) through ``tests/real_support.match_tasks``: the gold task and the extracted
task the scorer matched it to.  Tasks not found (gold task without an extracted task, or an extracted task with no gold
task) are counted apart; this tool is about the units of tasks that were found.

Every (role, name) triple of a matched task that differs is one *difference*, classified:

- ``role``: the name is in both, with another role (the gold role → the extracted role);
- ``cut``: a missing name and an extra name overlap (one holds the other, or they share a tail of two or more
  characters of a unit's suffix): the name starts or ends in the wrong place (``cut:longer`` — the extracted name runs
  into other words; ``cut:shorter`` — the extracted name lost a part; ``cut:other``);
- ``missing`` / ``extra``: a unit the gold has and the extractor does not, or the other way round, by the *form* of
  the name (an internal-office group, a leading group or office, a village, a township group, a 有关部门 group, a
  class of businesses, a listed member group, a named unit) and, for a missing unit, by *where* its task's text
  prints it (in the extracted assignment, after it in the same task, before it, joined by 及/和/与/以及 to a unit the
  extractor read, or nowhere in the task's text: carried in from elsewhere).

Prints counts per class, the largest first, each with examples (document, gold anchor, name, a window of text).
Read-only: it runs the extractor and changes nothing.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import real_support as rs  # noqa: E402
from bench.blind import held_out  # noqa: E402

FORMS = (  # (form, pattern on the folded name), first match wins
    ("internal-group", re.compile(r"(处室|科室|股室|内设机构|直属单位|成员单位|各单位|相关单位|有关单位)$")),
    ("leading-group", re.compile(r"(领导小组|指挥部|委员会|联席会议|工作组|专班|小组)(办公室)?$")),
    ("office", re.compile(r"办公室$|办$")),
    ("village", re.compile(r"村(（居）|\(居\)|居|委会|民委员会)?$|社区$|村居$")),
    ("township-group", re.compile(r"^(各|相关|有关|全[区市县])?.*(乡镇|街道|镇街|街镇|乡|镇)(人民政府|政府|办事处)?$")),
    ("generic-dept", re.compile(r"^(各|其他|其它)?(有关|相关)(部门|职能部门)")),
    ("listed-group", re.compile(r"^各|^(市|区|县|省)(直|级)?(各)?(有关|相关)")),
    ("business-class", re.compile(r"(企业|公司|集团|银行|医院|学校|院校|机构)$")),
)


def form(name: str) -> str:
    for label, pat in FORMS:
        if pat.search(name):
            return label
    return "named"


def norm(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).split())


def overlap(a: str, b: str) -> str | None:
    """How extracted name ``b`` relates to gold name ``a`` when they are one unit cut differently."""
    if a in b:
        return "longer"
    if b in a:
        return "shorter"
    tail = 0
    while tail < min(len(a), len(b)) and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    if tail >= 3 or (tail >= 2 and len(a) <= 5):
        return "other"
    return None


def where(name: str, task_text: str, assignment: tuple[int, int] | None, extracted: list[str]) -> str:
    """Where the task's (folded) text prints a missing name."""
    p = task_text.find(name)
    if p < 0:
        return "not-in-task"
    before, after = task_text[max(0, p - 2): p], task_text[p + len(name): p + len(name) + 2]
    joined = re.search(r"(及|和|与|以及|或)$", before) or re.match(r"(及|和|与|以及|或)", after)
    if joined:
        return "joined"
    if assignment and assignment[0] <= p < assignment[1]:
        return "in-assignment"
    if assignment and p >= assignment[1]:
        return "after-assignment"
    if assignment and p < assignment[0]:
        return "before-assignment"
    return "no-assignment"


def classify(folders: list[str]):
    diffs = []  # (kind, subclass, doc, anchor, detail, window)
    unmatched = Counter()
    for folder in folders:
        for gp in rs.gold_files(folder):
            gold, text, assigned, pairs, _ = rs.match_tasks(folder, gp)
            matched = {id(t) for _, t in pairs if t is not None}
            for t in assigned:
                if id(t) not in matched:
                    unmatched["extra triples in unmatched extracted tasks"] += sum(
                        len(getattr(t, a)) for _, a in rs.ROLES)
            for g, t in pairs:
                gd = Counter((r, rs.fold(n)) for r, _ in rs.ROLES for n in g.get(r, []))
                if t is None:
                    unmatched["missing triples in gold tasks not found"] += sum(gd.values())
                    continue
                pd = Counter((r, rs.fold(x.name)) for r, a in rs.ROLES for x in getattr(t, a))
                if gd == pd:
                    continue
                miss, extra = list((gd - pd).elements()), list((pd - gd).elements())
                raw = text[t.span[0]: t.span[1]]
                body = norm(raw)
                asg = None
                if t.assignment_span:
                    a0 = len(norm(text[t.span[0]: max(t.span[0], t.assignment_span[0])]))
                    a1 = len(norm(text[t.span[0]: max(t.span[0], t.assignment_span[1])]))
                    asg = (a0, a1)
                got = [n for _, n in pd.elements()]
                doc = f"{folder}/{gold['file'][:28]}"

                def window(name, body=body):
                    p = body.find(name)
                    return body[max(0, p - 14): p + len(name) + 14] if p >= 0 else body[:40]

                # wrong role: same name on both sides
                for r, n in list(miss):
                    other = next(((r2, n2) for r2, n2 in extra if n2 == n), None)
                    if other:
                        miss.remove((r, n))
                        extra.remove(other)
                        diffs.append(("role", f"{r}->{other[0]}", doc, g["anchor"], n, window(n)))
                # cut names
                for r, n in list(miss):
                    for r2, n2 in extra:
                        how = overlap(n, n2)
                        if how:
                            miss.remove((r, n))
                            extra.remove((r2, n2))
                            diffs.append(("cut", f"{how}", doc, g["anchor"], f"{n} / {n2}", window(n)))
                            break
                for r, n in miss:
                    w = where(n, body, asg, got)
                    diffs.append(("missing", f"{form(n)}:{w}", doc, g["anchor"], f"{r} {n}", window(n)))
                for r, n in extra:
                    diffs.append(("extra", form(n), doc, g["anchor"], f"{r} {n}", window(n)))
    return diffs, unmatched


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("-")]
    nex = 3
    only = None
    for i, a in enumerate(argv):
        if a == "--examples":
            nex = int(argv[i + 1])
            args.remove(argv[i + 1])
        if a == "--class":
            only = argv[i + 1]
            args.remove(argv[i + 1])
    blind = set(held_out())
    fixtures = ROOT / "tests" / "fixtures"
    if args:
        if set(args) & blind:
            sys.exit(f"blind sets refused: {', '.join(sorted(set(args) & blind))}")
        folders = args
    else:
        folders = sorted(p.name for p in fixtures.iterdir() if p.is_dir()
                         and (p.name == "real" or p.name.startswith("real_unseen")) and p.name not in blind)
    diffs, unmatched = classify(folders)
    by = defaultdict(list)
    for d in diffs:
        by[(d[0], d[1])].append(d)
    kinds = Counter(d[0] for d in diffs)
    print(f"{len(folders)} sets; differences inside matched tasks: {len(diffs)} "
          + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    for k, v in unmatched.items():
        print(f"  (apart: {k}: {v})")
    for (kind, sub), items in sorted(by.items(), key=lambda kv: -len(kv[1])):
        if only and only not in f"{kind} {sub}":
            continue
        docs = len({d[2] for d in items})
        print(f"\n{kind:8s} {sub:32s} {len(items):4d}  ({docs} documents)")
        for d in items[:nex]:
            print(f"    {d[2]} [{d[3][:14]}] {d[4]}  …{d[5]}…")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
