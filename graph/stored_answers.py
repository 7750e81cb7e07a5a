"""Answers of the named queries, kept with the store generation they answer.

The named queries are fixed texts: the gallery (``graph/examples/*.rq``, :mod:`graph.gallery`)
and the query page's example (:func:`graph.queries.example_query`, the README's query).  An
embedded store's generation never changes once built (a build or an update writes a new one and
swaps it in, :mod:`graph.store_files`), so the answer of a named query is a function of the
generation and is kept inside it (the gallery's by the build, the example's on its first request)::

    stores/<gen>/policykg-answers/<name>-<hash>.json   the SPARQL JSON results, as graph.answers writes them
    stores/<gen>/policykg-answers/<name>-<hash>.meta   {"name", "rows", "seconds"}
    stores/<gen>/policykg-answers/<name>-<hash>.<fmt>  csv, tsv, xml: written from the JSON on first request
    stores/<gen>/policykg-answers/<name>-<hash>.*.gz   gzip of one of these, on the first request that accepts it

``<hash>`` is that of the normalised text, so a changed gallery file has other answers.  A full
build writes the gallery's answers into the generation before it is swapped in (:func:`keep_all`,
called by :func:`graph.store.build_store`); an update (``policykg add``/``remove``, an incremental
build) makes a new generation, a RocksDB checkpoint that holds none of these files, so the
answers of the generation before are left behind with it, and the first request of each named
query on the new one runs the query and keeps its answer (:func:`keep`); an update that changed
no triple (a build of an unchanged corpus) carries them over (:func:`carry`).  A SPARQL server has no
generation: nothing is kept and every query runs.

A text is a named query when it equals one after :func:`normalise` (line ends, trailing blanks
of each line, leading comment and blank lines, the blanks around it): an edited query runs.
Every other format is made from the kept JSON by the code that makes it from a query's
solutions (:func:`graph.answers.serialize_capped`), so the bytes are those of running the query
(``tests/test_stored_answers.py`` compares them on built stores, after ``add`` and ``remove`` too).

Functions: ``named(text) -> name | None``; ``lookup(generation, text) -> Stored | None``;
``serve(stored, formats, max_rows) -> Answer`` (``stored`` a kept answer, or :func:`unkept`) (raises :class:`graph.answers.RowLimitError`
when the answer has more rows than ``max_rows``, as running it would); ``result(stored) ->
QueryResult`` (for the command line); ``keep(generation, text, body, rows, seconds)``;
``keep_all(run, generation) -> dict`` (name → rows, seconds).  Writes are atomic (a temporary
file renamed); a generation removed meanwhile, or a directory that cannot be written, only
means the answer is not kept (nothing here raises OSError).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional

import pyoxigraph as ox

from . import gallery
from . import queries as Q
from .answers import Answer, serialize_capped
from .results import QueryResult

ANSWERS_DIR = "policykg-answers"
#: the query page's example (the README's query) is kept under this name
EXAMPLE = "example"
#: formats written from the kept JSON and kept beside it on first request
_DERIVED = ("csv", "tsv", "xml")


def normalise(text: str) -> str:
    """``text`` with CR LF / CR line ends as LF, each line's trailing blanks, the leading comment and
    blank lines (a gallery file's header) and the surrounding blanks removed.  For a text without long
    strings (``'''``, ``\"\"\"``) this changes no token of the query."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    start = 0
    while start < len(lines) and (not lines[start].strip() or lines[start].lstrip().startswith("#")):
        start += 1
    return "\n".join(lines[start:]).strip()


def _digest(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=4)
def _named(directory: str) -> dict:
    """normalised text → (name, file stem, text as written) of every named query (texts with long
    strings left out)."""
    texts = [(e.name, e.sparql) for e in gallery.examples(Path(directory))] + [(EXAMPLE, Q.example_query())]
    out = {}
    for name, text in texts:
        norm = normalise(text)
        if "'''" not in norm and '"""' not in norm:
            out[norm] = (name, f"{name}-{_digest(norm)}", text)
    return out


def named(text: str, directory: Path = gallery.EXAMPLES_DIR) -> Optional[str]:
    """The name of the named query ``text`` is (a gallery name or ``example``), None for any other text."""
    hit = _named(str(directory)).get(normalise(text))
    return hit[0] if hit else None


def _stem(text: str, directory: Path = gallery.EXAMPLES_DIR) -> Optional[tuple]:
    return _named(str(directory)).get(normalise(text))


@dataclass(frozen=True)
class Stored:
    """A kept answer: the query's ``name``, its ``rows``, and the path of its SPARQL JSON (or, for an
    answer that could not be kept, :func:`unkept`, the JSON itself in ``data``)."""

    name: str
    rows: int
    path: Optional[Path]
    data: Optional[bytes] = None

    def body(self) -> bytes:
        return self.data if self.data is not None else self.path.read_bytes()


def unkept(body: bytes, rows: int) -> Stored:
    """A SPARQL JSON answer held in memory, to :func:`serve` like a kept one (when it could not be kept)."""
    return Stored("", rows, None, body)


def _folder(generation) -> Path:
    return Path(generation) / ANSWERS_DIR


def lookup(generation, text: str, directory: Path = gallery.EXAMPLES_DIR) -> Optional[Stored]:
    """The answer kept in ``generation`` for ``text``; None when ``text`` is not a named query or
    its answer is not kept there (yet)."""
    if generation is None:
        return None
    hit = _stem(text, directory)
    if hit is None:
        return None
    base = _folder(generation) / hit[1]
    try:
        meta = json.loads((base.with_suffix(".meta")).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    path = base.with_suffix(".json")
    if not path.is_file() or not isinstance(meta.get("rows"), int):
        return None
    return Stored(hit[0], meta["rows"], path)


def _write(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically; False when it cannot be written."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(3)}.tmp")
    try:
        path.parent.mkdir(exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
        return True
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
        return False


def keep(generation, text: str, body: bytes, rows: int, seconds: float = 0.0,
         directory: Path = gallery.EXAMPLES_DIR) -> Optional[Stored]:
    """Keep ``body`` (the SPARQL JSON answer of ``text`` on ``generation``, with ``rows`` rows);
    the kept answer, or None when ``text`` is not a named query or it could not be written."""
    hit = _stem(text, directory)
    if generation is None or hit is None:
        return None
    base = _folder(generation) / hit[1]
    meta = json.dumps({"name": hit[0], "rows": rows, "seconds": round(seconds, 4)}).encode("utf-8")
    if not (_write(base.with_suffix(".json"), body) and _write(base.with_suffix(".meta"), meta)):
        return None
    return Stored(hit[0], rows, base.with_suffix(".json"))


def _parsed(body: bytes) -> QueryResult:
    raw = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    return QueryResult("ask" if isinstance(raw, ox.QueryBoolean) else "select", raw)


def result(stored: Stored) -> QueryResult:
    """The kept answer as a query result (read from its JSON), as :meth:`EmbeddedStore.query` gives."""
    return _parsed(stored.body())


def serve(stored: Stored, formats: dict, max_rows: int) -> Answer:
    """The kept answer in the format ``formats["table"]`` names (see :func:`graph.answers.serialize_capped`),
    marked ``stored``; raises RowLimitError past ``max_rows`` rows, as running the query would."""
    from .answers import RowLimitError

    fmt = formats.get("table")
    if fmt is None:
        return Answer("table", None, stored=True)
    if stored.rows > max_rows:
        raise RowLimitError(max_rows)
    body = stored.body()
    if fmt == "json":
        return Answer("table", fmt, body, stored=True, kept=str(stored.path) if stored.path else None)
    if fmt == "html":
        doc = json.loads(body)
        names = doc["head"]["vars"]
        return Answer("table", fmt, names=names, rows=[[b.get(n) for n in names] for b in doc["results"]["bindings"]],
                      stored=True)
    derived = stored.path.with_suffix(f".{fmt}") if stored.path is not None else None
    if derived is not None and fmt in _DERIVED:
        try:
            return Answer("table", fmt, derived.read_bytes(), stored=True, kept=str(derived))
        except OSError:
            pass
    answer = serialize_capped(_parsed(body), {"table": fmt}, max_rows)
    if derived is not None and fmt in _DERIVED and _write(derived, answer.body):
        answer.kept = str(derived)
    answer.stored = True
    return answer


def gzipped(answer: Answer) -> bytes:
    """The gzip of a kept answer's body (level 6, as the app's GZipMiddleware), compressed on the first
    request and kept beside it (``.gz``): a big answer is not compressed again for every client."""
    packed = Path(f"{answer.kept}.gz") if answer.kept else None
    if packed is not None:
        try:
            return packed.read_bytes()
        except OSError:
            pass
    data = gzip.compress(answer.body, compresslevel=6, mtime=0)
    if packed is not None:
        _write(packed, data)
    return data


def json_answer(res: QueryResult) -> tuple[bytes, int]:
    """A SELECT result as the SPARQL JSON ``/sparql`` gives, and its row count (no row cap).

    pyoxigraph writes the JSON (in Rust, a third or less of the time :mod:`graph.answers` takes in
    Python), then it is loaded and dumped as :mod:`graph.answers` dumps its own: the same
    structure and key order, so the same bytes (the tests compare them on every named query)."""
    if res.kind == "select":
        doc = json.loads(res.raw.serialize(format=ox.QueryResultsFormat.JSON))
        return json.dumps(doc, ensure_ascii=False).encode("utf-8"), len(doc["results"]["bindings"])
    answer = serialize_capped(res, {"table": "json", "graph": None}, max_rows=1 << 62)
    return answer.body, answer.count if answer.count is not None else 1


def keep_all(run: Callable[[str], QueryResult], generation, directory: Path = gallery.EXAMPLES_DIR,
             threads: int = 2, example: bool = False, slots: Optional[threading.Semaphore] = None) -> dict:
    """Run every gallery query (and the query page's example when ``example``) with ``run(text) ->
    QueryResult`` (the fresh store of ``generation``), ``threads`` at a time (pyoxigraph evaluates
    without the GIL), and keep the answers of those that are tables; returns name → (rows, seconds).
    ``slots``: each query runs holding one (the build gives one while the store is compacted beside
    the queries, and one more once it is done)."""
    def one(item) -> Optional[tuple]:
        norm, (name, _stem_name, text) = item
        if slots is None:
            return answer(name, norm, text)
        with slots:
            return answer(name, norm, text)

    def answer(name: str, norm: str, text: str) -> Optional[tuple]:
        t = time.perf_counter()
        res = run(text)
        if res.kind == "graph":
            return None
        body, rows = json_answer(res)
        seconds = time.perf_counter() - t
        return (name, (rows, seconds)) if keep(generation, norm, body, rows, seconds, directory) else None

    items = sorted(((norm, hit) for norm, hit in _named(str(directory)).items() if example or hit[0] != EXAMPLE),
                   key=lambda kv: kv[1][0])
    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        return dict(hit for hit in pool.map(one, items) if hit is not None)


def raw_result(raw) -> QueryResult:
    """A pyoxigraph query result as a :class:`QueryResult`."""
    if isinstance(raw, ox.QueryBoolean):
        return QueryResult("ask", raw)
    return QueryResult("select" if isinstance(raw, ox.QuerySolutions) else "graph", raw)


def keep_store_answers(store: "ox.Store", generation, slots: Optional[threading.Semaphore] = None) -> dict:
    """:func:`keep_all` on a pyoxigraph ``store`` (the build's fresh generation ``generation``), two
    queries at a time (each holding one of ``slots`` when given): the gallery's answers; the query
    page's example is kept on its first request (on 1,000 copies of the sample it took 17 s of the 21 s
    the build spent on answers)."""
    return keep_all(lambda text: raw_result(store.query(text)), generation, slots=slots)


def carry(source, generation) -> int:
    """Give ``generation`` the answers kept in ``source`` when both hold the same graph (an update
    that changed no triple, e.g. a build of an unchanged corpus): hard links, or copies; returns how
    many files were carried (0 when ``source`` keeps none or they cannot be written)."""
    folder, into = _folder(source), _folder(generation)
    try:
        files = [p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")]
        into.mkdir(exist_ok=True)
    except OSError:
        return 0
    done = 0
    for path in sorted(files, key=lambda p: p.suffix == ".meta"):  # an answer before its .meta
        try:
            os.link(path, into / path.name)
        except FileExistsError:
            continue
        except OSError:
            if not _write(into / path.name, path.read_bytes()):
                continue
        done += 1
    return done
