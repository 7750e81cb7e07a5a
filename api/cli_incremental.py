"""``policykg add FILE...`` and ``policykg remove DOC...``: change a few files of the store.

Both change only the triples of the files named (:mod:`graph.incremental`) and swap the new
generation in atomically, as a build does; a bad file (``add``) or an unknown DOC (``remove``)
is reported in one line naming it, with exit status 1, and the store is left as it was.  With
``--sparql``/``--sparql-update`` the store is a SPARQL 1.1 server, changed in one update request
(:mod:`graph.remote_update`); a failed update names the files.
"""

from __future__ import annotations


def _report(summary, target) -> int:
    for line in summary.lines():
        print(line)
    print(f"store: {target.describe()}")
    return 0


def cmd_add(args) -> int:
    from graph.engines import EngineError  # the extractors load with these: imported by the command
    from graph.incremental import add_files
    from graph.pipeline import BuildError, parts_dir

    from .cli import _fail, _target

    target = _target(args)
    try:
        summary = add_files(args.files, target, parts_dir(target), check=not args.no_check,
                            jobs=args.jobs or 1)
    except (BuildError, EngineError) as exc:
        return _fail(str(exc))
    return _report(summary, target)


def cmd_remove(args) -> int:
    from graph.incremental import remove_documents
    from graph.pipeline import BuildError, parts_dir

    from .cli import _fail, _target

    target = _target(args)
    try:
        summary = remove_documents(args.docs, target, parts_dir(target), check=not args.no_check)
    except BuildError as exc:
        return _fail(str(exc))
    return _report(summary, target)


def register(sub, data_opt, positive) -> None:
    """Add the ``add`` and ``remove`` commands to the CLI's subparsers."""
    a = sub.add_parser("add", help="store these files too, changing only their triples")
    a.add_argument("files", nargs="+", metavar="FILE",
                   help="files to add (a stored file of the same name is replaced)")
    a.add_argument("--no-check", action="store_true", help="skip the SHACL checks of the touched nodes")
    a.add_argument("--jobs", type=positive, metavar="N", help="extract the files in N processes (default 1)")
    data_opt(a)
    a.set_defaults(func=cmd_add)

    r = sub.add_parser("remove", help="take documents' files out of the store")
    r.add_argument("docs", nargs="+", metavar="DOC",
                   help="a document id (suzhou_2022_01-1), or a stored file's name or path")
    r.add_argument("--no-check", action="store_true", help="skip the SHACL checks of the touched nodes")
    data_opt(r)
    r.set_defaults(func=cmd_remove)
