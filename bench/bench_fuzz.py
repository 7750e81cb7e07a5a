"""Extraction over a long seeded fuzz corpus (``bench/fuzz_corpus.py``): crashes, broken promises, speed.

    python bench/bench_fuzz.py [--count 3000] [--seed 1] [--max-chars 0] [--only INDEX]

Each input is written to a temporary folder and extracted as a build would
(``extract_paths``).  Counted: inputs read, inputs skipped (with their
reasons), crashes (an exception escaping), problems (a skip that does not
name the file, a span that does not read its record), and inputs slower
than the floor ``0.2 MB/s + 2 s`` (``size / 0.2 MB/s + 2 s``), in CPU seconds of the
process (this machine is shared: wall time varies with the others' load; both are shown).  ``--max-chars
0`` takes whole documents (up to 1.2 MB after mutation), a number takes
random windows of at most that many characters.  Prints every crash, problem
and slow input with its recipe, and writes ``bench/results/fuzz.md``.
``--only INDEX`` rebuilds and checks one input (to debug a finding).
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench.fuzz_check import check_file  # noqa: E402
from bench.fuzz_corpus import fuzz_input  # noqa: E402
from bench.report import report  # noqa: E402
from span_support import span_errors  # noqa: E402

FLOOR_MBPS = 0.2
FLOOR_GRACE = 2.0


def allowed_seconds(size: int) -> float:
    """The floor for an input of ``size`` bytes: 0.2 MB/s plus 2 s."""
    return size / (FLOOR_MBPS * 1e6) + FLOOR_GRACE


def warm_up() -> None:
    """Load what the first input of each kind would otherwise pay for (rules, jieba, pypdf,
    lxml, bs4): the bench measures extraction, not imports."""
    from bench.fuzz_corpus import cjk_pdf, seed_texts
    from bench.hostile_inputs import docx_bytes, docx_paragraphs
    from extract.pipeline import extract_paths, extract_text

    for name, text in seed_texts():  # every lazily loaded rule, dictionary and tagger
        extract_text(text, name)
    task = "一、推进工作（市发改委牵头）"
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in (("w.md", task.encode()), ("w.pdf", cjk_pdf([[task]])),
                           ("w.docx", docx_bytes(docx_paragraphs([task]))),
                           ("w.html", f"<html><body><p>{task}</p></body></html>".encode())):
            (Path(tmp) / name).write_bytes(data)
            extract_paths([Path(tmp) / name])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-chars", type=int, default=0, help="window size in characters (0: whole documents)")
    ap.add_argument("--only", type=int, default=None, help="check input INDEX only")
    args = ap.parse_args()
    warm_up()
    indexes = [args.only] if args.only is not None else range(args.count)
    counts = collections.Counter()
    reasons = collections.Counter()
    findings = []
    slowest = None  # (seconds / allowed, outcome)
    total_bytes = total_seconds = total_cpu = 0.0
    by_ext = collections.defaultdict(lambda: [0, 0.0])
    with tempfile.TemporaryDirectory() as tmp:
        for index in indexes:
            inp = fuzz_input(index, args.seed, args.max_chars)
            path = Path(tmp) / inp.name
            path.write_bytes(inp.data)
            out = check_file(path, span_errors)
            path.unlink()
            counts[out.status] += 1
            total_bytes += out.size
            total_seconds += out.seconds
            by_ext[path.suffix][0] += out.size
            by_ext[path.suffix][1] += out.cpu
            if out.status == "skipped":
                reasons[re.sub(r"[0-9][0-9,.]*", "N", out.detail)[:80]] += 1
            total_cpu += out.cpu
            ratio = out.cpu / allowed_seconds(out.size)  # CPU time: the machine is shared
            if slowest is None or ratio > slowest[0]:
                slowest = (ratio, out, inp.recipe)
            slow = ratio > 1
            counts["slow"] += slow
            counts["problem"] += bool(out.problems)
            if out.status == "crash" or out.problems or slow or args.only is not None:
                findings.append((index, out, inp.recipe))
                print(f"#{index} {out.name} [{inp.recipe}] {out.status} {out.size:,} B {out.cpu:.2f} s CPU "
                      f"({out.seconds:.2f} s wall): "
                      f"{out.detail[:300]} {out.problems[:3]}", flush=True)
    ratio, worst, recipe = slowest
    mbps = worst.size / 1e6 / max(worst.cpu, 1e-9)
    rows = [
        ("inputs", f"{sum(counts[s] for s in ('read', 'skipped', 'crash')):,} (seed {args.seed}, "
                   f"{'whole documents' if not args.max_chars else f'windows up to {args.max_chars:,} chars'})"),
        ("read / skipped with a reason", f"{counts['read']:,} / {counts['skipped']:,}"),
        ("crashes", f"{counts['crash']}"),
        ("problems (unnamed skip, span not reading its record)", f"{counts['problem']}"),
        ("inputs slower than 0.2 MB/s + 2 s", f"{counts['slow']}"),
        ("slowest against the floor (CPU time)", f"{worst.name} ({worst.size:,} B, {recipe}): {worst.cpu:.2f} s = "
                                                 f"{mbps:.2f} MB/s, {ratio:.0%} of its allowance "
                                                 f"({worst.seconds:.2f} s wall)"),
        ("overall", f"{total_bytes / 1e6:.1f} MB in {total_cpu:.1f} s CPU = "
                    f"{total_bytes / 1e6 / max(total_cpu, 1e-9):.2f} MB/s ({total_seconds:.1f} s wall)"),
    ]
    rows += [(f"  {ext}", f"{b / 1e6:.1f} MB in {s:.1f} s CPU") for ext, (b, s) in sorted(by_ext.items())]
    rows += [(f"  skipped: {reason}", f"{n}") for reason, n in reasons.most_common(8)]
    if args.only is None:
        command = f"python bench/bench_fuzz.py --count {args.count} --seed {args.seed} --max-chars {args.max_chars}"
        report("fuzz", command, rows)
    else:
        for row in rows:
            print(*row, sep=": ")
    if counts["crash"] or counts["problem"] or counts["slow"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
