"""A query worker process: ``python -m graph.query_worker``.

It reads requests from stdin and writes answers to stdout, each a pickled
dict behind an 8-byte length.  A request is ``{"query", "formats",
"max_rows", "store"}`` where ``store`` is ``("embedded", <store directory>)``
or ``("remote", <query URL>, <timeout>)``; the worker keeps the store open
and reopens it when the directory changes (a rebuild).  An answer is
``{"ok": Answer}`` or ``{"error": kind, "message": text}`` with kind
``query`` (a bad query), ``rows`` (over the row cap) or ``store``.

The parent (:mod:`graph.query_pool`) kills the process to stop a query past
its time or memory limit; nothing here needs to watch the clock.
"""

from __future__ import annotations

import pickle
import struct
import sys

HEADER = struct.Struct("<Q")


def read_message(stream):
    """One message from a binary stream, or None at end of stream."""
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        return None
    size, = HEADER.unpack(head)
    return pickle.loads(stream.read(size))


def write_message(stream, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


class _Stores:
    """The store the last request named, opened once."""

    def __init__(self):
        self.key, self.store = None, None

    def get(self, spec):
        if spec != self.key:
            import pyoxigraph as ox

            from .results import StoreError
            if spec[0] == "remote":
                from .remote import RemoteStore
                self.store = RemoteStore(spec[1], timeout=spec[2])
            else:
                try:
                    self.store = _Embedded(ox.Store.read_only(spec[1]))
                except OSError as exc:
                    raise StoreError(f"{spec[1]}: cannot open store: {exc}") from exc
            self.key = spec
        return self.store


class _Embedded:
    def __init__(self, store):
        self._store = store

    def query(self, sparql: str):
        import pyoxigraph as ox

        from .results import QueryError, QueryResult
        try:
            res = self._store.query(sparql)
        except (SyntaxError, OSError, ValueError) as exc:
            raise QueryError(str(exc)) from exc
        if isinstance(res, ox.QueryBoolean):
            return QueryResult("ask", res)
        return QueryResult("select" if isinstance(res, ox.QuerySolutions) else "graph", res)


def handle(stores: _Stores, request: dict) -> dict:
    """Answer one request (never raises for a bad query or store)."""
    from .answers import RowLimitError, serialize_capped
    from .results import QueryError, StoreError
    try:
        result = stores.get(request["store"]).query(request["query"])
        return {"ok": serialize_capped(result, request["formats"], request["max_rows"])}
    except RowLimitError as exc:
        return {"error": "rows", "message": str(exc)}
    except QueryError as exc:
        return {"error": "query", "message": str(exc)}
    except StoreError as exc:
        return {"error": "store", "message": str(exc)}
    except (SyntaxError, OSError, ValueError) as exc:  # raised while reading the answer
        return {"error": "query", "message": str(exc)}


def main() -> None:
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but answers goes to the parent's pipe
    stores = _Stores()
    write_message(stdout, {"ready": True})
    while True:
        request = read_message(stdin)
        if request is None:
            return
        write_message(stdout, handle(stores, request))


if __name__ == "__main__":
    main()
