"""The ``policykg`` command line.

    policykg build [PATHS...] [--data DIR] [--jobs N] [--full] [--no-compact] [--engine local|dask] [--scheduler ADDR]
    policykg add FILE... [--data DIR]        store these files too (api/cli_incremental.py)
    policykg remove DOC... [--data DIR]      take a document's file out of the store
    policykg serve [--host H] [--port P] [--workers N] [--no-access-log] [--data DIR]
    policykg query 'SELECT …' [--data DIR] [--format table|json|xml|csv|tsv]
    policykg query --example NAME | --list-examples
    policykg extract FILE... [--format json|csv]
    policykg departments [--unresolved] [--name NAME] [--jurisdiction J] [--data DIR]
    policykg validate [--data DIR | --sparql URL]   (api/cli_dataset.py)
    policykg export --format FORMAT -o FILE|-     (api/cli_dataset.py)
    policykg viz VIEW [ID] -o FILE.html|.svg|.png [--role R] [--document D] [--jurisdiction J]

Every error is one line on stderr naming the file, directory or parameter,
with exit status 1 (bad input) or 2 (bad usage).  A failed build leaves the
store that was there untouched.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Optional, Sequence

from graph import gallery, stored_answers
from graph.engine_names import ENGINES
from graph.formats import TABLE as TABLE_FORMATS
from graph.queries import dataset as DQ
from graph.store import QueryError, StoreConfig, StoreError, default_data_dir, open_store

def _fail(message: str, code: int = 1) -> int:
    print(f"policykg: error: {message}", file=sys.stderr)
    return code


def _data(args) -> Path:
    return Path(args.data) if args.data else default_data_dir()


def _target(args) -> StoreConfig:
    """The store the options select: a SPARQL server with --sparql, else the data directory."""
    env = os.environ.get
    return StoreConfig(data_dir=_data(args),
                       query_url=args.sparql or env("POLICYKG_SPARQL_QUERY"),
                       update_url=args.sparql_update or env("POLICYKG_SPARQL_UPDATE"),
                       gsp_url=args.sparql_gsp or env("POLICYKG_SPARQL_GSP"))


def _positive(text: str) -> int:
    """An argparse type: an integer of at least 1."""
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return n


def cmd_build(args) -> int:
    from graph.engines import EngineError  # the extractors load with these: not for `policykg query`
    from graph.pipeline import BuildError, build_corpus

    try:
        summary = build_corpus(args.paths or None, _target(args), check=not args.no_check, jobs=args.jobs,
                               engine=args.engine, scheduler=args.scheduler, full=args.full,
                               compact=not args.no_compact)
    except (BuildError, StoreError, EngineError) as exc:
        return _fail(str(exc))
    for line in summary.lines():
        print(line)
    print(f"store: {_target(args).describe()}")
    return 0


def cmd_serve(args) -> int:
    import uvicorn

    from api.app import create_app, ensure_store
    from api.settings import Settings
    from graph.pipeline import BuildError

    target = _target(args)
    settings = Settings(data=_data(args), host=args.host, port=args.port, sparql_query=target.query_url,
                        sparql_update=target.update_url, sparql_gsp=target.gsp_url, warm=not args.no_warm)
    try:
        ensure_store(settings)  # build the sample first if the store is empty
        open_store(settings.store_config()).close()  # fail here, in one line, not in uvicorn's startup
    except (BuildError, StoreError) as exc:
        return _fail(str(exc))
    workers = args.workers or 1
    print(f"policykg: serving {target.describe()} on http://{args.host}:{args.port}/"
          + (f" with {workers} worker processes" if workers > 1 else ""), file=sys.stderr)
    common = dict(host=args.host, port=args.port, log_level="info", access_log=not args.no_access_log,
                  timeout_graceful_shutdown=3)  # SIGTERM and Ctrl-C stop within seconds even while queries run
    if workers == 1:
        uvicorn.run(create_app(settings), **common)
        return 0
    # each worker process builds its app from the environment (its own read-only store handle,
    # query pool and answer cache); the query workers are shared out between them
    os.environ.update(worker_environment(settings, workers))
    uvicorn.run("api.app:create_app", factory=True, workers=workers, **common)
    return 0


def worker_environment(settings, workers: int) -> dict[str, str]:
    """The ``POLICYKG_*`` variables that make ``Settings()`` in a worker process equal ``settings``;
    ``POLICYKG_QUERY_WORKERS``, unless set, becomes the default pool divided between ``workers``."""
    env = {"POLICYKG_DATA": str(settings.data), "POLICYKG_HOST": settings.host, "POLICYKG_PORT": str(settings.port),
           "POLICYKG_BUILD_IF_EMPTY": "false",  # built (or refused) above, once
           "POLICYKG_WARM": "true" if settings.warm else "false"}
    for name in ("sparql_query", "sparql_update", "sparql_gsp"):
        if getattr(settings, name):
            env[f"POLICYKG_{name.upper()}"] = getattr(settings, name)
    if "POLICYKG_QUERY_WORKERS" not in os.environ:
        env["POLICYKG_QUERY_WORKERS"] = str(max(1, -(-settings.query_workers // workers)))
    return env


def print_table(names: list[str], rows: list[list[Optional[str]]], out=sys.stdout) -> None:
    """A plain aligned text table (wide characters count double)."""
    def width(s: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)

    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([width(n)] + [width(r[i]) for r in cells]) for i, n in enumerate(names)]

    def line(values):
        return "  ".join(v + " " * (w - width(v)) for v, w in zip(values, widths)).rstrip()

    print(line(names), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for r in cells:
        print(line(r), file=out)
    print(f"({len(cells)} rows)", file=out)


def named_result(store, sparql: str):
    """The answer of ``sparql`` on ``store``: for a named query (the gallery, the README's query) on
    the embedded store, the one kept with its generation (kept now when it was not yet,
    :mod:`graph.stored_answers`); any other query is run."""
    generation = getattr(store, "generation", None)
    if generation is None or stored_answers.named(sparql) is None:
        return store.query(sparql)
    kept = stored_answers.lookup(generation, sparql)
    if kept is None:
        result = store.query(sparql)
        if result.kind == "graph":
            return result
        body, rows = stored_answers.json_answer(result)
        kept = stored_answers.keep(generation, sparql, body, rows) or stored_answers.unkept(body, rows)
    return stored_answers.result(kept)


def cmd_query(args) -> int:
    if args.list_examples:
        for e in gallery.examples():
            print(f"{e.name}\t{e.title}\t{e.description}")
        return 0
    if (args.query is None) == (args.example is None):
        return _fail("give a query (or - for stdin), or --example NAME (see --list-examples)", 2)
    if args.example is not None:
        try:
            sparql = gallery.example(args.example).sparql
        except gallery.UnknownExample as exc:
            return _fail(f"--example: {exc}", 2)
    else:
        sparql = sys.stdin.read() if args.query == "-" else args.query
    try:
        store = open_store(_target(args))
        result = named_result(store, sparql)
    except StoreError as exc:
        return _fail(str(exc))
    except QueryError as exc:
        return _fail(f"bad query: {exc}".splitlines()[0])
    if args.format == "table":
        names, rows = result.rows()
        print_table(names, rows)
    else:
        fmt = args.format if result.kind != "graph" else "turtle"
        sys.stdout.write(result.serialize(fmt).decode("utf-8"))
    return 0


def cmd_extract(args) -> int:
    from extract.export import to_csv, to_dict
    from extract.pipeline import extract_paths

    missing = [p for p in args.files if not Path(p).exists()]
    if missing:
        return _fail(f"{missing[0]}: no such file or directory")
    result = extract_paths(args.files)
    if args.format == "csv":
        to_csv(result, sys.stdout)
    else:
        json.dump(to_dict(result), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    for s in result.skipped:
        print(f"policykg: skipped {s.path}: {s.reason}", file=sys.stderr)
    return 0 if result.documents else 1


def cmd_departments(args) -> int:
    """Departments (not groups) with their jurisdiction; ``--name`` (id, label, name as
    written or alias) gives one row per jurisdiction that has it, ``--jurisdiction`` filters."""
    from api.errors import ApiError
    from api.routers.identify import candidates_in, resolve_jurisdiction

    try:
        store = open_store(_target(args))
        where = resolve_jurisdiction(store, args.jurisdiction)
        found = None
        if args.name is not None:
            found = candidates_in(store, args.name, where)
            if not found:
                return _fail(f"--name: no department {args.name!r}")
        result = store.query(DQ.cli_departments(args.unresolved, where, found))
    except ApiError as exc:
        return _fail(f"--jurisdiction: {exc.message}")
    except (StoreError, QueryError) as exc:
        return _fail(str(exc))
    names, rows = result.rows()
    print_table(names, rows)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="policykg", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)

    def data_opt(sp):
        sp.add_argument("--data", help="data directory (default: $POLICYKG_DATA or ./.policykg)")
        sp.add_argument("--sparql", metavar="URL",
                        help="use a SPARQL 1.1 server's query endpoint instead ($POLICYKG_SPARQL_QUERY)")
        sp.add_argument("--sparql-update", metavar="URL", help="its update endpoint ($POLICYKG_SPARQL_UPDATE)")
        sp.add_argument("--sparql-gsp", metavar="URL",
                        help="its Graph Store Protocol endpoint, optional ($POLICYKG_SPARQL_GSP)")

    b = sub.add_parser("build", help="extract documents into the embedded store")
    b.add_argument("paths", nargs="*", help="files or folders (default: the bundled sample corpus)")
    b.add_argument("--no-check", action="store_true", help="skip SHACL validation")
    b.add_argument("--jobs", type=_positive, metavar="N",
                   help="extract files in N processes (default: one per core)")
    b.add_argument("--full", action="store_true",
                   help="load the store whole even when few files changed (stored parts are still reused)")
    b.add_argument("--no-compact", action="store_true",
                   help="leave the loaded store uncompacted (a quicker build; its queries about twice as slow)")
    b.add_argument("--engine", choices=ENGINES, default="local",
                   help="where files are extracted: local processes, or Dask distributed (extra [distributed])")
    b.add_argument("--scheduler", metavar="ADDRESS",
                   help="a Dask scheduler (tcp://host:8786) to extract on (implies --engine dask)")
    data_opt(b)
    b.set_defaults(func=cmd_build)

    from .cli_incremental import register as register_incremental  # add, remove

    register_incremental(sub, data_opt, _positive)

    s = sub.add_parser("serve", help="serve the store over HTTP (builds the sample if empty)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--workers", type=_positive, metavar="N", default=1,
                   help="uvicorn worker processes, each with its own read-only store handle (default 1)")
    s.add_argument("--no-access-log", action="store_true", help="do not log each request")
    s.add_argument("--no-warm", action="store_true",
                   help="do not compute the analytics, default views and search index at startup")
    data_opt(s)
    s.set_defaults(func=cmd_serve)

    q = sub.add_parser("query", help="run a SPARQL query against the store")
    q.add_argument("query", metavar="SPARQL", nargs="?", help="the query, or - to read it from stdin")
    q.add_argument("--example", metavar="NAME", help="run the gallery query NAME (graph/examples/NAME.rq)")
    q.add_argument("--list-examples", action="store_true", help="list the gallery queries: name, title, description")
    q.add_argument("--format", choices=["table", *TABLE_FORMATS], default="table")
    data_opt(q)
    q.set_defaults(func=cmd_query)

    e = sub.add_parser("extract", help="print extracted records (no store)")
    e.add_argument("files", nargs="+")
    e.add_argument("--format", choices=["json", "csv"], default="json")
    e.set_defaults(func=cmd_extract)

    d = sub.add_parser("departments", help="list departments in the store with their workload")
    d.add_argument("--unresolved", action="store_true",
                   help="only names with no canonical name (neither the gazetteer nor a standard name)")
    d.add_argument("--name", help="a department's id, label, name as written or alias (one row per jurisdiction)")
    d.add_argument("--jurisdiction", help="only departments of this jurisdiction (id or name)")
    data_opt(d)
    d.set_defaults(func=cmd_departments)

    from .cli_dataset import register  # validate, export

    register(sub, data_opt)

    from .cli_viz import add_parser as add_viz
    add_viz(sub, data_opt)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
