"""``policykg validate`` and ``policykg export``: the stored graph as a dataset.

    policykg validate [--data DIR | --sparql URL]
    policykg export --format FORMAT [--network departments|bipartite] -o FILE|- [--data DIR | --sparql URL]

``validate`` prints one block per SHACL violation (node, rule, message, source
file:line and characters, the text as written) and exits 1 when there is one,
0 when the graph conforms.  ``export`` writes the file (``-o -``: stdout) and
prints what it wrote on stderr.  Errors are one line on stderr, exit 1.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def cmd_validate(args) -> int:
    from graph.store import StoreError
    from graph.validation import validate_store

    from .cli import _fail, _target

    target = _target(args)
    try:
        triples, violations = validate_store(target)
    except StoreError as exc:
        return _fail(str(exc))
    for v in violations:
        for line in v.lines():
            print(line)
    print(f"{target.describe()}: {triples} triples, {len(violations)} violation"
          f"{'' if len(violations) == 1 else 's'} of graph/shapes.ttl")
    return 1 if violations else 0


def cmd_export(args) -> int:
    from graph.export import export
    from graph.store import StoreError

    from .cli import _fail, _target

    if args.output != "-" and Path(args.output).parent and not Path(args.output).parent.is_dir():
        return _fail(f"-o: {Path(args.output).parent}: no such directory")
    tmp = None
    try:
        if args.output == "-":
            n = export(_target(args), args.format, sys.stdout.buffer, args.network)
            sys.stdout.flush()
        else:  # write next to the file and rename: a failed export leaves no half file
            tmp = f"{args.output}.part{os.getpid()}"
            with open(tmp, "wb") as out:
                n = export(_target(args), args.format, out, args.network)
            os.replace(tmp, args.output)
            tmp = None
    except (StoreError, ValueError, OSError) as exc:
        return _fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    finally:
        if tmp and os.path.exists(tmp):
            os.remove(tmp)
    print(f"policykg: wrote {n} {_unit(args.format)} as {args.format} to "
          f"{'stdout' if args.output == '-' else args.output}", file=sys.stderr)
    return 0


def _unit(fmt: str) -> str:
    if fmt.startswith("csv"):
        return "rows"
    if fmt in ("graphml", "gexf"):
        return "nodes"
    return "triples"


def register(sub, data_opt) -> None:
    """Add ``validate`` and ``export`` to the subcommands ``sub`` of the policykg parser."""
    from graph.export import FORMATS
    from graph.network_export import NETWORKS

    v = sub.add_parser("validate", help="check the stored graph against graph/shapes.ttl (SHACL)")
    data_opt(v)
    v.set_defaults(func=cmd_validate)

    x = sub.add_parser("export", help="write the stored graph as RDF, CSV, GraphML or GEXF")
    x.add_argument("--format", required=True, choices=FORMATS,
                   help="trig, nquads, jsonld: RDF with one named graph per document; turtle: the same "
                        "triples in one graph; csv-tasks: one row per task-department-role; csv-departments; "
                        "graphml, gexf: the network chosen by --network")
    x.add_argument("--network", choices=NETWORKS, default="departments",
                   help="graphml/gexf: departments linked by shared tasks (default), or the "
                        "department-task bipartite graph")
    x.add_argument("-o", "--output", required=True, metavar="FILE", help="output file, - for stdout")
    data_opt(x)
    x.set_defaults(func=cmd_export)
