"""A large corpus made of varied copies of the bundled sample.

    python bench/scale_corpus.py --copies 100 --out /tmp/corpus [--seed 12]

Copy ``i`` of ``data/suzhou_2022_01.md`` is written as ``<out>/copy_<i>.md``
(zero-padded) with, chosen by a generator seeded with ``(seed, i)`` so the
same arguments always give the same files:

- the city: 苏州 is replaced by one of :data:`CITIES` (copy 0 keeps 苏州);
- the numbering: the issue numbers of the cover (``2022 年第 1 期, 总第 7 期``);
- department names: each name of :data:`DEPARTMENT_VARIANTS` is written in its
  short or its full form (both are aliases in the gazetteer), 市科技局 is kept so
  that the README's query has answers in every copy.

``write_corpus(out, copies, seed) -> list[Path]`` is the function; it raises
``FileExistsError`` when ``out`` holds files already (a corpus is never mixed).
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "suzhou_2022_01.md"

#: Prefecture-level cities of the Yangtze delta: the sample's 苏州 becomes one of them.
CITIES = ("苏州", "无锡", "常州", "南通", "扬州", "镇江", "泰州", "盐城", "淮安", "宿迁", "徐州", "南京",
          "嘉兴", "湖州", "绍兴", "金华", "台州", "宁波", "温州", "合肥", "芜湖", "马鞍山", "滁州", "宣城")

#: Short name in the sample → another way documents write it.
DEPARTMENT_VARIANTS = {
    "市工信局": "市工业和信息化局",
    "市文广旅局": "市文化广电和旅游局",
    "市资源规划局": "市自然资源和规划局",
    "市住建局": "市住房城乡建设局",
    "市人社局": "市人力资源社会保障局",
    "市交通局": "市交通运输局",
    "市市场监管局": "市市场监督管理局",
}

_ISSUE = re.compile(r"(\d{4}) 年第 (\d+) 期, 总第 (\d+) 期")


def vary(text: str, i: int, seed: int = 12) -> str:
    """Copy ``i`` of ``text`` (see the module docstring); copy 0 of any seed keeps the city."""
    rng = random.Random(f"{seed}:{i}")
    city = CITIES[0] if i == 0 else rng.choice(CITIES[1:])
    out = text.replace("苏州", city) if city != "苏州" else text
    out = _ISSUE.sub(lambda m: f"{m.group(1)} 年第 {1 + i % 12} 期, 总第 {7 + i} 期", out)
    for short, full in DEPARTMENT_VARIANTS.items():
        if rng.random() < 0.5:
            out = out.replace(short, full)
    return out


def write_corpus(out: Path, copies: int, seed: int = 12, sample: Path = SAMPLE) -> list[Path]:
    """Write ``copies`` varied copies of ``sample`` into ``out`` (created); return their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise FileExistsError(f"{out}: not empty; give an empty or new directory")
    text = sample.read_text(encoding="utf-8")
    width = max(3, len(str(copies - 1)))
    paths = []
    for i in range(copies):
        path = out / f"copy_{i:0{width}d}.md"
        path.write_text(vary(text, i, seed), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=12)
    args = ap.parse_args()
    paths = write_corpus(args.out, args.copies, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} files, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
