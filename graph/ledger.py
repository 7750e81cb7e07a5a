"""What each stored file contributed, kept with its generation: the base of incremental builds.

The store's default graph is the union of its files' triples (:mod:`graph.file_graph`) plus the
summed aggregates.  The ledger (``stores/<gen>/policykg-ledger.sqlite``, SQLite from the standard
library, next to RocksDB's files and the counts) records, per generation:

``files(name, key, path, prefix)``
    each stored file by the name its documents record, with the key of its part
    (:mod:`graph.parts`: content hash + rules version) and the id prefix of its documents;
``docs(doc_id, name)``
    which file each document id came from (``policykg remove DOC``);
``shared(line, s, p, o, n)``
    every triple of a shared node (a department, jurisdiction, mention) with ``n`` = the number
    of stored files that state it: a file's shared triple leaves the store only with the last file
    stating it;
``tally(kind, key, n)``
    additive partial counts summed over the files (see :mod:`graph.counts` for the format):
    ``own``/``triples`` (own triples), ``type``/class IRI (own nodes of that class),
    ``taskCount`` and ``leadCount``/department IRI, ``pair``/"d1 d2" (tasks naming both),
    ``platformTask``/"platform-IRI task-key" (1: the task names the platform; a task belongs to one
    file, so a key is summed from one file only).

``Ledger.apply(fg, name, key, path, prefix, sign)`` adds (``sign=1``) or takes away (``-1``) one
file and returns the triples that enter or leave the store; ``Ledger.counts()`` derives the
figures of ``/healthz`` and ``/api/stats`` from the ledger alone (:func:`graph.counts.counts_from_tally`).
Raises ``sqlite3.Error`` (an ``Exception``) when the file cannot be read or written.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Iterable, Optional

from .counts import FALSE, GROUP, RDF_TYPE, RESOLVED, counts_from_sums
from .file_graph import AGGREGATES, FileGraph

LEDGER_FILE = "policykg-ledger.sqlite"
FORMAT = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files(name TEXT PRIMARY KEY, key TEXT NOT NULL, path TEXT NOT NULL,
                                 prefix TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs(doc_id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS shared(line TEXT PRIMARY KEY, s TEXT NOT NULL, p TEXT NOT NULL,
                                  o TEXT NOT NULL, n INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS shared_po ON shared(p, o);
CREATE TABLE IF NOT EXISTS tally(kind TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL,
                                 PRIMARY KEY(kind, key));
"""


def ledger_path(generation: Path) -> Path:
    return Path(generation) / LEDGER_FILE


def split_line(line: str) -> tuple[str, str, str]:
    """An N-Triples line ``<s> <p> o .`` → (``<s>``, ``<p>``, ``o``)."""
    s, p, o = line.rstrip("\n")[:-2].split(" ", 2)
    return s, p, o


def lines(ntriples: bytes) -> list[str]:
    return ntriples.decode("utf-8").splitlines(True)


class Ledger:
    """One generation's ledger (an open SQLite connection; ``close()`` or ``with``)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.db = sqlite3.connect(str(self.path), isolation_level=None)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")  # the file is complete before its generation is published

    @classmethod
    def create(cls, path: Path, version: str) -> "Ledger":
        led = cls(path)
        led.db.executescript(_SCHEMA)
        led.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [("format", FORMAT), ("rules", version)])
        return led

    @classmethod
    def copy(cls, source: Path, target: Path) -> "Ledger":
        shutil.copyfile(source, target)
        return cls(target)

    @classmethod
    def open_existing(cls, generation: Optional[Path]) -> Optional["Ledger"]:
        """The ledger of ``generation``, or None when it has none (built by an earlier version)."""
        if generation is None or not ledger_path(generation).is_file():
            return None
        try:
            led = cls(ledger_path(generation))
            if led.meta("format") != FORMAT:
                led.close()
                return None
        except sqlite3.Error:
            return None
        return led

    def meta(self, key: str) -> Optional[str]:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def files(self) -> dict[str, tuple[str, str, str]]:
        """name → (key, path, prefix) of every stored file."""
        return {n: (k, p, x) for n, k, p, x in self.db.execute("SELECT name, key, path, prefix FROM files")}

    def file_of(self, doc: str) -> Optional[str]:
        """The stored file's name for a document id, a recorded name or a path as given; None if unknown."""
        for sql in ("SELECT name FROM files WHERE name = ?", "SELECT name FROM docs WHERE doc_id = ?",
                    "SELECT name FROM files WHERE path = ?"):
            row = self.db.execute(sql, (doc,)).fetchone()
            if row:
                return row[0]
        return None

    def document_ids(self) -> list[str]:
        """Every stored document's id."""
        return [d for (d,) in self.db.execute("SELECT doc_id FROM docs")]

    def totals(self, depts: Iterable[str]) -> dict[str, dict[str, int]]:
        """The summed aggregates of ``depts`` (those with a task count)."""
        out: dict[str, dict[str, int]] = {}
        for d in depts:
            for kind in AGGREGATES:
                row = self.db.execute("SELECT n FROM tally WHERE kind = ? AND key = ?", (kind, d)).fetchone()
                if row:
                    out.setdefault(d, {})[kind] = row[0]
        return out

    def pairs(self, keys: Iterable[str]) -> dict[str, int]:
        """The summed shared-task counts of the department pairs ``keys`` ("d1 d2"; absent: 0)."""
        out: dict[str, int] = {}
        for k in keys:
            row = self.db.execute("SELECT n FROM tally WHERE kind = 'pair' AND key = ?", (k,)).fetchone()
            out[k] = row[0] if row else 0
        return out

    def platform_tasks(self, platforms: Iterable[str]) -> dict[str, list[str]]:
        """Platform IRI → the keys of the stored tasks naming it, of ``platforms`` (none: absent)."""
        out: dict[str, list[str]] = {}
        for p in platforms:
            low = p + " "  # the keys of one platform: a range of the primary key (IRIs hold no space)
            rows = self.db.execute("SELECT key FROM tally WHERE kind = 'platformTask' AND key >= ? AND key < ?",
                                   (low, p + "!")).fetchall()
            if rows:
                out[p] = [k[len(low):] for (k,) in rows]
        return out

    def apply(self, fg: FileGraph, name: str, key: str, path: str, prefix: str, sign: int) -> tuple[set, set]:
        """Add (``sign`` 1) or take away (-1) one file; return (shared lines that enter the store,
        shared lines that leave it).  The file's own lines enter or leave with it."""
        db, entered, left = self.db, set(), set()
        for line in lines(fg.shared):
            row = db.execute("SELECT n FROM shared WHERE line = ?", (line,)).fetchone()
            n = (row[0] if row else 0) + sign
            if n <= 0:
                db.execute("DELETE FROM shared WHERE line = ?", (line,))
                left.add(line)
            elif row:
                db.execute("UPDATE shared SET n = ? WHERE line = ?", (n, line))
            else:
                db.execute("INSERT INTO shared VALUES (?, ?, ?, ?, ?)", (line, *split_line(line), n))
                entered.add(line)
        self._tally(_partials(fg), sign)
        if sign > 0:
            db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", (name, key, path, prefix))
            db.executemany("INSERT OR REPLACE INTO docs VALUES (?, ?)", [(d, name) for d in fg.document_ids])
        else:
            db.execute("DELETE FROM files WHERE name = ?", (name,))
            db.execute("DELETE FROM docs WHERE name = ?", (name,))
        return entered, left

    def _tally(self, items: Iterable[tuple[str, str, int]], sign: int) -> None:
        for kind, key, n in items:
            self.db.execute("INSERT INTO tally VALUES (?, ?, ?) ON CONFLICT(kind, key) DO UPDATE SET n = n + ?",
                            (kind, key, sign * n, sign * n))
        self.db.execute("DELETE FROM tally WHERE n <= 0 AND kind != 'own'")

    def fill(self, files: list[tuple[str, str, str, str, list[str]]], shared: dict[str, int],
             tally: dict[tuple[str, str], int]) -> None:
        """Write the ledger of a full build at once: ``files`` (name, key, path, prefix, document
        ids), the shared lines with how many files state them, the summed partial counts."""
        db = self.db
        db.execute("BEGIN")
        db.executemany("INSERT INTO files VALUES (?, ?, ?, ?)", [f[:4] for f in files])
        db.executemany("INSERT OR REPLACE INTO docs VALUES (?, ?)", [(d, f[0]) for f in files for d in f[4]])
        db.executemany("INSERT INTO shared VALUES (?, ?, ?, ?, ?)",
                       ((line, *split_line(line), n) for line, n in shared.items()))
        db.executemany("INSERT INTO tally VALUES (?, ?, ?)", ((k, key, n) for (k, key), n in tally.items()))
        db.execute("COMMIT")

    def counts(self) -> dict:
        """The figures of ``/api/stats`` from the ledger (those of :func:`graph.counts.counts_from_tally`,
        summed by SQLite: :func:`graph.counts.counts_from_sums`); raises ``sqlite3.Error``."""
        # summed by SQLite (the same figures as counts_from_tally over every row, without reading the
        # shared triples and the pairs into Python: 10,000 documents' ledger holds hundreds of thousands)
        db, rdf_type = self.db, f"<{RDF_TYPE}>"

        def keys(sql: str, *args) -> set:
            return {k for (k,) in db.execute(sql, args)}

        own = db.execute("SELECT n FROM tally WHERE kind = 'own' AND key = 'triples'").fetchone()
        return counts_from_sums(
            own[0] if own else 0, db.execute("SELECT key, n FROM tally WHERE kind = 'type'").fetchall(),
            db.execute("SELECT COUNT(*) FROM shared").fetchone()[0],
            db.execute("SELECT o, COUNT(*) FROM shared WHERE p = ? GROUP BY o", (rdf_type,)).fetchall(),
            {s[1:-1] for s in keys("SELECT s FROM shared WHERE p = ? AND o = ?", rdf_type, GROUP)},
            {s[1:-1] for s in keys("SELECT s FROM shared WHERE p = ? AND o = ?", f"<{RESOLVED}>", FALSE)},
            keys("SELECT key FROM tally WHERE kind = 'taskCount' AND n > 0"),
            db.execute("SELECT COUNT(*) FROM tally WHERE kind = 'pair' AND n > 0").fetchone()[0],
            db.execute("SELECT COUNT(DISTINCT substr(key, 1, instr(key, ' ') - 1)) FROM tally "  # IRIs hold no space
                       "WHERE kind = 'platformTask' AND n > 0").fetchone()[0])

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _partials(fg: FileGraph, own_lines: Optional[int] = None) -> Iterable[tuple[str, str, int]]:
    """The additive partial counts of one file, as (kind, key, n) (``own_lines``: the lines of its
    ``ntriples`` when the caller has counted them)."""
    yield "own", "triples", fg.ntriples.count(b"\n") if own_lines is None else own_lines
    for cls, n in fg.types.items():
        yield "type", cls, n
    for pair, n in fg.pairs.items():
        yield "pair", pair, n
    for platform, keys in fg.platform_tasks.items():
        for key in keys:
            yield "platformTask", f"{platform} {key}", 1
    for dept, figures in fg.counts.items():
        for kind, n in figures.items():
            yield kind, dept, n


def add_partials(into: dict[tuple[str, str], int], fg: FileGraph, own_lines: Optional[int] = None) -> None:
    """Sum one file's partial counts into ``into`` (a full build's tally; ``own_lines`` as for
    :func:`_partials`)."""
    for kind, key, n in _partials(fg, own_lines):
        into[(kind, key)] = into.get((kind, key), 0) + n


def ledger_keys(generations: Iterable[Optional[Path]]) -> set[str]:
    """The part keys the ledgers of ``generations`` refer to (parts to keep)."""
    keys: set[str] = set()
    for gen in generations:
        led = Ledger.open_existing(gen)
        if led is not None:
            with closing(led.db):
                keys.update(k for (k,) in led.db.execute("SELECT key FROM files"))
    return keys
