"""Whether two checkouts extract the same records: every field of every document, compared.

    python bench/same_extract.py --against DIR [--fuzz 300] [--windows 1500] [--soup 1500]

Each checkout runs, in a subprocess with ``PYTHONPATH`` set to it (and ``PYTHONHASHSEED=0``), the
same inputs through its own readers and ``extract_text`` and prints, per input, the SHA-256 of the
``repr`` of the documents found (dataclasses: every field, every span, nested records) or of the
reader's refusal.  Inputs: every file under ``tests/fixtures`` and ``data`` (the sets named in
``tests/fixtures/BLIND_SETS.txt`` excepted, never opened), 9 varied copies of the sample
(:mod:`bench.scale_corpus`), ``--fuzz`` damaged files of :mod:`bench.fuzz_corpus` (seed 11),
``--windows`` random windows of the real documents (cut anywhere, lines joined or split) and
``--soup`` random texts drawn from the characters and words the rules look for.  Prints the
inputs whose records differ; exits 1 when any do.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Sets still blind (tests/fixtures/BLIND_SETS.txt): never read.  Loaded by path, not imported, because the
#: child processes put another checkout first on sys.path.
_BLIND = runpy.run_path(str(Path(__file__).with_name("blind.py")))
HELD_OUT: tuple = _BLIND["held_out"]()
#: File names of the blind sets' documents: their copies elsewhere (tests/fixtures/agreement/) are skipped too.
HELD_OUT_NAMES: frozenset = _BLIND["held_out_names"]()

#: Pieces random texts are drawn from: markers, brackets, units, roles, verbs, numbers, tables.
SOUP = ("一、", "（一）", "1.", "(2)", "第三条", "第一章", "\n", "\n\n", "。", "，", "、", "；", "：", "（", "）",
        "(", ")", "【", "】", "〔", "〕", "牵头", "负责", "配合", "责任单位：", "牵头单位", "市发展改革委",
        "市科技局", "市财政局", "各区（县）人民政府", "县政府", "苏州市", "张家港市", "到2025年", "2024年底前",
        "完成", "达到", "亿元", "万人", "%", "个", "家", "以上", "不低于", "| ", " |", "|---|", "\t", "　",
        "加强", "推进", "建立", "要", "应当", "各地", "各部门", "省人民政府办公厅", "关于印发", "的通知",
        "附件", "2022年3月1日", "十五", "三个", "平台", "产业园", "高新区", "<table>", "<tr><td>", "</td>",
        "**", "# ", "## ", "一是", "二是", "年度", "目标", "任务", "序号", "责任单位", "完成时限")


def inputs(fuzz: int, windows: int, soup: int) -> list[tuple[str, str | bytes]]:
    """(name, text or file bytes) of every input, the same in both checkouts."""
    from bench.fuzz_corpus import fuzz_input
    from bench.scale_corpus import SAMPLE, vary

    out: list[tuple[str, str | bytes]] = []
    files = sorted(p for folder in (ROOT / "tests" / "fixtures", ROOT / "data") for p in folder.rglob("*")
                   if p.is_file() and not any(h in p.parts for h in HELD_OUT) and p.name not in HELD_OUT_NAMES
                   and p.suffix.lower() in (".md", ".txt", ".html", ".htm", ".docx", ".pdf", ""))
    out += [(str(p.relative_to(ROOT)), p.read_bytes()) for p in files]
    sample = SAMPLE.read_text(encoding="utf-8")
    out += [(f"copy_{i}.md", vary(sample, i)) for i in range(9)]
    out += [(f"fuzz_{i}", fuzz_input(i, 11)) for i in range(fuzz)]
    real = [p.read_text(encoding="utf-8") for p in files if p.suffix == ".md" and p.parts[-2].startswith("real")]
    rng = random.Random(7)
    for i in range(windows):
        text = rng.choice(real)
        a = rng.randint(0, len(text))
        piece = text[a:a + rng.choice((80, 400, 2000, 8000))]
        if i % 3 == 1:
            piece = piece.replace("\n", "")
        elif i % 3 == 2:
            piece = "\n".join(piece[k:k + 37] for k in range(0, len(piece), 37))
        out.append((f"window_{i}.md", piece))
    for i in range(soup):
        out.append((f"soup_{i}.md", "".join(rng.choice(SOUP) for _ in range(rng.randint(1, 400)))))
    return out


def child(fuzz: int, windows: int, soup: int) -> None:
    """Print {name: digest} for this checkout's code (``sys.path``)."""
    import extract
    from extract.pipeline import extract_text
    from extract.readers.dispatch import read_file
    from extract.readers.text import InputError

    print("code:", Path(extract.__file__).parent, file=sys.stderr)
    digests = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, item in inputs(fuzz, windows, soup):
            if isinstance(item, str):
                got = repr(extract_text(item, name))
            else:
                if not isinstance(item, bytes):  # a fuzz input: its own file name and bytes
                    name, item = f"{name}:{item.name}", item.data
                path = Path(tmp) / Path(name.split(":")[-1]).name
                path.write_bytes(item)
                try:
                    raw = read_file(path)
                    got = repr((raw.encoding, extract_text(raw.text, path.name)))
                except InputError as exc:
                    got = "refused: " + exc.reason
                path.unlink()
            digests[name] = hashlib.sha256(got.encode("utf-8", "surrogatepass")).hexdigest()
    print(json.dumps(digests))


def run(checkout: Path, args) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": f"{checkout}{os.pathsep}{ROOT}", "PYTHONHASHSEED": "0"}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--fuzz", str(args.fuzz),
           "--windows", str(args.windows), "--soup", str(args.soup)]
    out = subprocess.run(cmd, env=env, cwd=checkout, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--against", type=Path, required=False)
    ap.add_argument("--fuzz", type=int, default=300)
    ap.add_argument("--windows", type=int, default=1500)
    ap.add_argument("--soup", type=int, default=1500)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:  # (PYTHONPATH: the checkout's code first, then this checkout's bench)
        child(args.fuzz, args.windows, args.soup)
        return 0
    mine = run(ROOT, args)
    theirs = run(args.against.resolve(), args)
    differ = sorted(k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k))
    print(f"{len(mine)} inputs; {len(differ)} differ" + (": " + ", ".join(differ[:50]) if differ else ""))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
