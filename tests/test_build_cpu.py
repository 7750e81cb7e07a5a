"""What the fifth build-CPU round (issue 12) changed keeps the build's output: parts in zlib's
format whoever wrote them, the per-file checks' shortcuts giving the same verdicts."""

from __future__ import annotations

import zlib
from pathlib import Path

from extract.pipeline import plan_files
from graph.file_graph import file_graph
from graph.parts import _part_path, load_part, save_part

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "suzhou_2022_01.md"


def test_parts_are_zlib_whichever_library_wrote_them(tmp_path):
    """A part saved now (ISA-L) is plain zlib, and a part saved by the standard library's zlib (the
    parts of earlier builds) reads back as the same contribution."""
    fg = file_graph(plan_files([SAMPLE])[0])
    save_part(tmp_path, "cd" * 32, fg)
    raw = zlib.decompress(_part_path(tmp_path, "cd" * 32).read_bytes())
    head, _, rest = raw.partition(b"\n")
    assert rest == fg.ntriples + fg.shared and head.startswith(b"{")
    _part_path(tmp_path, "ef" * 32).parent.mkdir(parents=True, exist_ok=True)
    _part_path(tmp_path, "ef" * 32).write_bytes(zlib.compress(raw, 6))
    back = load_part(tmp_path, "ef" * 32)
    assert back == fg and back.tasks == 212 and back.ntriples.count(b"\n") > 10_000
    _part_path(tmp_path, "ef" * 32).write_bytes(b"x" + zlib.compress(raw, 1))  # not zlib
    assert load_part(tmp_path, "ef" * 32) is None


XSD = "http://www.w3.org/2001/XMLSchema#"
LITERALS = [b'"12"^^<' + XSD.encode() + b'integer>', b'"-3"^^<' + XSD.encode() + b'integer>',
            b'"012"^^<' + XSD.encode() + b'integer>', b'"1 2"^^<' + XSD.encode() + b'integer>',
            b'"\\u0031"^^<' + XSD.encode() + b'integer>', b'"12"^^<' + XSD.encode() + b'decimal>',
            b'"1.5"^^<' + XSD.encode() + b'decimal>', b'"1."^^<' + XSD.encode() + b'decimal>',
            b'"2025"^^<' + XSD.encode() + b'gYear>', b'"0999"^^<' + XSD.encode() + b'gYear>',
            b'"true"^^<' + XSD.encode() + b'boolean>', b'"True"^^<' + XSD.encode() + b'boolean>',
            '"苏州"'.encode(), b'"a\\"b"', b'"a\\\\b"', '"苏州"@zh'.encode(), b'"x"^^<' + XSD.encode() + b'string>',
            b'"', b'""', b'"^^<' + XSD.encode() + b'integer>', b'<http://x/y>', b'_:b1',
            b'"5"^^<' + XSD.encode() + b'integer>x', b'"5"^^' + XSD.encode() + b'integer']


def test_the_plain_datatype_test_never_passes_what_the_full_reading_fails():
    """``_plainly_typed(dt)(v)`` is true only where ``_broken``'s reading (``_ill_typed``) finds the
    literal well typed: every pair of these datatypes and written forms."""
    from graph.file_checks import LEXICAL, _ill_typed, _plainly_typed

    passed = 0
    for dt in [*LEXICAL, XSD + "date", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"]:
        plain = _plainly_typed(dt)
        if plain is None:
            assert dt not in LEXICAL
            continue
        for v in LITERALS:
            if plain(v):
                passed += 1
                assert not _ill_typed(v.decode("utf-8"), dt), (dt, v)
    assert passed == 10  # 12, -3, 012 (integer); 12, 1.5 (decimal); 2025; true; 苏州, "x"^^xsd:string… as strings


def test_suspects_hold_every_node_the_full_reading_finds_broken():
    """Every focus node left out by ``_suspects`` conforms by ``_broken``; on the sample with a value
    removed, doubled, retyped and made ill-formed for each check, the verdicts stay those of the
    full reading (node by node)."""
    from graph.file_checks import _broken, _file_checks, _suspects

    fg = file_graph(plan_files([SAMPLE])[0])
    lines = [ln for ln in (fg.ntriples + fg.shared).split(b"\n") if ln and b"/evidence/" not in ln.split(b" ")[0]]
    types: dict = {}
    values: dict = {}
    for ln in lines:
        s, p, o = ln.split(b" ", 2)
        o = o[:-2]
        if p == b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>":
            types.setdefault(s, set()).add(o)
        else:
            values.setdefault((s, p[1:-1].decode()), []).append(o)
    import random

    rng = random.Random(7)
    keys = list(values)
    for (s, p) in rng.sample(keys, 200):  # damage some values: none, two, ill-formed, an untyped IRI
        kind = rng.randrange(4)
        if kind == 0:
            values[(s, p)] = []
        elif kind == 1:
            values[(s, p)] = values[(s, p)] + [b'"other"']
        elif kind == 2:
            values[(s, p)] = [b'"x1"^^<' + XSD.encode() + b'integer>']
        else:
            values[(s, p)] = [b"<https://w3id.org/policykg/id/nothing>"]
    broken = looked = total = 0
    for check in _file_checks():
        nodes = sorted(n for n, cls in types.items() if f"<{check.target_class}>".encode() in cls)
        suspects = _suspects(check, nodes, values, types)
        assert suspects == [n for n in nodes if n in set(suspects)]  # a subset, in order
        looked, total = looked + len(suspects), total + len(nodes)
        for node in nodes:
            bad, _ = _broken(check, values.get((node, check.path), []), values.get((node, check.arg), [])
                             if check.component == "lessThanOrEquals" else [], types)
            broken += bad
            if bad:
                assert node in suspects, (check, node)
    assert broken > 50 and total > 8_000 and looked < total / 4  # most nodes need no call of _broken


def _thresholds(_):
    import gc

    return gc.get_threshold()


def test_pool_workers_collect_garbage_less_often_and_the_build_process_is_left_as_it_was():
    """The local pool's workers run with :data:`graph.engines.WORKER_GC_THRESHOLDS`; the process
    that builds keeps its own thresholds."""
    import gc
    from concurrent.futures import ProcessPoolExecutor

    from graph.engines import WORKER_GC_THRESHOLDS, _start_worker

    before = gc.get_threshold()
    with ProcessPoolExecutor(max_workers=1, initializer=_start_worker) as pool:
        assert pool.submit(_thresholds, 0).result() == WORKER_GC_THRESHOLDS == (10_000, 10, 10)
    assert gc.get_threshold() == before
