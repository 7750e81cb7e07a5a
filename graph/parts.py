"""Each file's contribution kept on disk, keyed by its content and the rules: what an incremental
build reuses instead of extracting again.

``part_key(item) -> str`` hashes (SHA-256) the rules version (:func:`rules_version`: every file
under ``extract/``, the YAML rules included, and the modules of ``graph/`` that mint triples), the
name documents record for the file, its document-id prefix and its bytes: the same file under the
same rules always has the same key, and a changed byte, a renamed file or any rule change gives a
new one (so a rule change re-extracts everything).

``save_part(parts_dir, key, fg)`` / ``load_part(parts_dir, key) -> FileGraph | None`` keep a
:class:`graph.file_graph.FileGraph` in ``<data>/parts/<key[:2]>/<key>.part``: zlib (level 1; made
and read by ISA-L's ``isal_zlib``, the same format about five times faster than ``zlib``) of
one line of JSON (the small fields, and the lengths of the two N-Triples fields) followed by the
N-Triples bytes as they are (JSON-escaping them cost more than the rest of saving), written to a
temporary name then renamed (a part is complete or absent; parts are immutable).
``file_part(item, parts_dir) -> (key, FileGraph, reused)`` is the unit of work of every engine:
the stored part when there is one, else :func:`graph.file_graph.file_graph` (saved when
``parts_dir`` is given and the file was not skipped).  ``prune_parts(parts_dir, keep, older_than)``
removes the parts no kept generation refers to.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import zlib
from dataclasses import fields
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .file_graph import FileGraph, file_graph

try:  # ISA-L (a dependency): zlib's format, level 1 in about 2 ms a copy of the sample against 10 ms
    from isal import isal_zlib as _zlib
    _ZLIB_ERRORS: tuple = (zlib.error, _zlib.IsalError)
except ImportError:  # pragma: no cover - the standard library's zlib reads and writes the same parts
    _zlib, _ZLIB_ERRORS = zlib, (zlib.error,)

PARTS_DIR = "parts"
PART_SUFFIX = ".part"
ROOT = Path(__file__).resolve().parent.parent
#: the graph/ modules whose code decides which triples a file gives
MAPPING_MODULES = ("build.py", "file_graph.py", "materialise.py", "provenance.py", "vocab.py", "terms.py")
_BYTES_FIELDS = ("ntriples", "shared")


@lru_cache(maxsize=4)
def rules_version(root: Path = ROOT) -> str:
    """A hash of the extractor, its rules and the mapping to triples under ``root`` (the checkout:
    ``extract/`` whole, the :data:`MAPPING_MODULES` of ``graph/``)."""
    h = hashlib.sha256()
    files = sorted(p for p in (root / "extract").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    files += [root / "graph" / m for m in MAPPING_MODULES if (root / "graph" / m).is_file()]
    for p in files:
        h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def part_key(item: tuple[Path, str, str], version: str | None = None) -> str:
    """The key of a planned file (path, recorded name, id prefix) under the rules ``version``
    (default: :func:`rules_version`); raises OSError when the file is unreadable."""
    path, name, prefix = item
    h = hashlib.sha256(f"{version or rules_version()}\0{name}\0{prefix}\0".encode())
    h.update(Path(path).read_bytes())
    return h.hexdigest()


def _part_path(parts_dir: Path, key: str) -> Path:
    return Path(parts_dir) / key[:2] / f"{key}{PART_SUFFIX}"


def save_part(parts_dir: Path, key: str, fg: FileGraph) -> None:
    data = {f.name: getattr(fg, f.name) for f in fields(FileGraph) if f.name not in _BYTES_FIELDS}
    data["departments"] = sorted(data["departments"])
    data.pop("violations", None)
    data.pop("evidence_at", None)
    data["lengths"] = [len(getattr(fg, name)) for name in _BYTES_FIELDS]
    body = [json.dumps(data, ensure_ascii=False).encode("utf-8"), b"\n"] + [getattr(fg, n) for n in _BYTES_FIELDS]
    target = _part_path(parts_dir, key)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(3)}.tmp")
    packer = _zlib.compressobj(1)  # fed piece by piece: the 3 MB of lines are not joined once more
    with open(tmp, "wb") as fh:
        for piece in body:
            fh.write(packer.compress(piece))
        fh.write(packer.flush())
    os.replace(tmp, target)


def load_part(parts_dir: Path, key: str) -> Optional[FileGraph]:
    """The stored part of ``key``; None when there is none or it cannot be read (it is then made again)."""
    try:
        raw = _zlib.decompress(_part_path(parts_dir, key).read_bytes())
        head, _, rest = raw.partition(b"\n")
        data = json.loads(head)
        at = 0
        for name, n in zip(_BYTES_FIELDS, data.pop("lengths")):
            data[name], at = rest[at:at + n], at + n
        if at != len(rest):
            return None
        data["departments"] = set(data["departments"])
        return FileGraph(**{f.name: data[f.name] for f in fields(FileGraph) if f.name in data})
    except (OSError, ValueError, TypeError, KeyError, *_ZLIB_ERRORS):
        return None


def file_part(item: tuple[Path, str, str], parts_dir: Optional[Path] = None,
              key: Optional[str] = None) -> tuple[Optional[str], FileGraph, bool]:
    """(key, the file's contribution, True when it came from a stored part); runs in workers.
    An unreadable file gives key None and a skipped FileGraph."""
    try:
        key = key or part_key(item)
    except OSError:
        return None, file_graph(item), False  # file_graph reports why it cannot be read
    if parts_dir is not None:
        found = load_part(parts_dir, key)
        if found is not None:
            found.path = str(item[0])
            found.seconds = {}
            return key, found, True
    fg = file_graph(item)
    if parts_dir is not None and fg.skipped is None:
        save_part(parts_dir, key, fg)
    return key, fg, False


def prune_parts(parts_dir: Path, keep: set[str], older_than: float) -> int:
    """Remove the stored parts whose key is not in ``keep`` and that were written before
    ``older_than`` (a time stamp: a build waiting for the lock may have written newer ones); return
    how many."""
    removed = 0
    for path in [*Path(parts_dir).glob(f"*/*{PART_SUFFIX}"), *Path(parts_dir).glob("*/*.json.gz")]:
        try:  # (*.json.gz: the parts of earlier versions, never read again)
            if path.name.split(".", 1)[0] not in keep and path.stat().st_mtime < older_than:
                path.unlink()
                removed += 1
        except OSError:
            pass
    return removed
