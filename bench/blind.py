"""Which gold sets are still blind: named in ``tests/fixtures/BLIND_SETS.txt``.

A set is blind while its gold is written or before its held-out measurement: nobody may run the
extractor on it, not even for speed or same-output checks.  The file holds one set (folder) name per
line; ``#`` starts a comment.  ``held_out()`` is read by ``bench/same_extract.py``,
``bench/bench_extract_cpu.py`` and ``tests/real_support.py`` (which scores a blind set only when
``--held-out`` is given: the lead's held-out measurement).
"""

from __future__ import annotations

from pathlib import Path

BLIND_FILE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "BLIND_SETS.txt"


def held_out(path: Path = BLIND_FILE) -> tuple[str, ...]:
    """The set names listed in ``path`` (missing file: none).

    Raises ValueError naming the file and line for a name that is not a plain folder name.
    """
    if not path.is_file():
        return ()
    names = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        name = line.split("#", 1)[0].strip()
        if not name:
            continue
        if "/" in name or " " in name or name in (".", ".."):
            raise ValueError(f"{path}:{n}: not a set folder name: {name!r}")
        names.append(name)
    return tuple(names)


def held_out_names(fixtures: Path = BLIND_FILE.parent) -> frozenset[str]:
    """File names of the documents in the blind sets (``<set>/*.md``), so that a copy of one kept elsewhere
    (``tests/fixtures/agreement/``: a second annotator's copy) is skipped as well.  Missing folders: none."""
    return frozenset(p.name for name in held_out(fixtures / BLIND_FILE.name)
                     for p in (fixtures / name).glob("*.md") if p.name != "README.md")


def readable(paths, fixtures: Path = BLIND_FILE.parent) -> list[Path]:
    """``paths`` without the documents of the blind sets and their copies elsewhere (for tests and benches that read
    every fixture text, e.g. to compare a fast path with a plain one)."""
    sets, names = held_out(fixtures / BLIND_FILE.name), held_out_names(fixtures)
    return [p for p in paths if not any(s in Path(p).parts for s in sets) and Path(p).name not in names]
