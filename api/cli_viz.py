"""``policykg viz VIEW [ID] -o FILE``: export a network view as HTML, SVG or PNG (by FILE's suffix).

VIEW is department, workload, coparticipation, task, district, platform or
sparql (ID is then the query, or - for stdin).  The file carries the same
caption as the served view.  Returns the exit status: 0, 1 on bad input (an
unknown id, a bad query, no CJK font for PNG), 2 on bad usage.
"""

from __future__ import annotations

import sys
from pathlib import Path

from graph.vocab import ROLE_RANK

VIEWS = ("department", "workload", "coparticipation", "task", "district", "platform", "sparql")
NEEDS_ID = {"department", "task", "district", "platform", "sparql"}


def add_parser(sub, data_opt) -> None:
    v = sub.add_parser("viz", help="export a network view to .html, .svg or .png")
    v.add_argument("view", choices=VIEWS)
    v.add_argument("ident", nargs="?", help="department / task key / district / platform, or the SPARQL query")
    v.add_argument("-o", "--output", required=True, help="output file: .html, .svg or .png")
    v.add_argument("--role", choices=list(ROLE_RANK))
    v.add_argument("--document", help="only tasks of this document id")
    v.add_argument("--jurisdiction", help="only tasks of documents of this jurisdiction")
    v.add_argument("--min-shared", type=int, default=None, help="workload/coparticipation: shared tasks >= N")
    v.add_argument("--top", type=int, default=60, help="coparticipation: the N strongest pairs")
    v.add_argument("--font", help="CJK font file for PNG ($POLICYKG_CJK_FONT)")
    data_opt(v)
    v.set_defaults(func=cmd_viz)


def _graph(args, store) -> dict:
    from graph.analytics import analytics_for
    from graph.answers import serialize_capped

    from .viz_entities import mention_view, result_view, task_view
    from .viz_graphs import coparticipation_view, department_view, workload_view

    view = args.view
    if view == "department":
        return department_view(store, args.ident, args.role, args.document, args.jurisdiction)
    if view == "workload":
        return workload_view(store, analytics_for(store), args.min_shared or 2, args.document,
                             args.jurisdiction)
    if view == "coparticipation":
        return coparticipation_view(store, analytics_for(store), args.top, args.min_shared or 1)
    if view == "task":
        return task_view(store, args.ident)
    if view in ("district", "platform"):
        return mention_view(store, view, args.ident)
    text = sys.stdin.read() if args.ident == "-" else args.ident
    answer = serialize_capped(store.query(text), {"table": "html", "graph": "html"}, 100_000)
    return result_view(answer.kind, answer.names or [], answer.rows or [], text)


def cmd_viz(args) -> int:
    import os

    from graph.answers import RowLimitError
    from graph.store import QueryError, StoreError, open_store

    from .cli import _fail, _target
    from .errors import ApiError
    from .viz_export import FORMATS, build_date, export  # pyvis and the renderer: only for this command

    out = Path(args.output)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        return _fail(f"-o {out}: the file name must end in .html, .svg or .png", 2)
    if args.view in NEEDS_ID and not args.ident:
        return _fail(f"viz {args.view}: give the {args.view} to draw", 2)
    try:
        store = open_store(_target(args))
        graph = _graph(args, store)
        body, _ = export(graph, fmt, source=args.sparql or "policykg 嵌入式库", built=build_date(store),
                         cjk_font=args.font or os.environ.get("POLICYKG_CJK_FONT"))
    except ApiError as exc:
        return _fail(exc.message)
    except (StoreError, QueryError, RowLimitError) as exc:
        return _fail(str(exc).splitlines()[0])
    try:
        out.write_bytes(body)
    except OSError as exc:
        return _fail(f"-o {out}: {exc.strerror}")
    print(f"{out}: {graph['title']} ({len(graph['nodes'])} nodes, {len(graph['edges'])} edges)")
    return 0
