"""Department identity = (jurisdiction, canonical name).

The national rule set of standard names (``extract/rules/standard_departments.yaml``)
with its examples, and the graph built from the sample plus the 20 real
documents: every department node belongs to exactly one jurisdiction, same-name
offices of two cities never merge, one city's name in two documents is one node,
and IRIs are the same from build to build.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import pytest
from rdflib import RDF, RDFS

from extract.pipeline import extract_paths, extract_text
from extract.entities.standard_names import rules, standard_department
from graph.build import to_graph
from graph.vocab import PKG

ROOT = Path(__file__).parent.parent
REAL = sorted(p for p in (ROOT / "tests/fixtures/real").glob("*.md") if p.stem.islower())
SAMPLE = ROOT / "data/suzhou_2022_01.md"
RAW = rules()["raw"]


@pytest.mark.parametrize("case", RAW["examples"], ids=lambda c: f"{c['jurisdiction']}-{c['name']}")
def test_standard_name_examples(case):
    assert standard_department(case["name"], case["jurisdiction"])[1] == case["label"]


@pytest.mark.parametrize("case", RAW["counterexamples"], ids=lambda c: f"{c['jurisdiction']}-{c['name']}")
def test_standard_name_counterexamples(case):
    assert standard_department(case["name"], case["jurisdiction"]) is None


def test_every_stem_belongs_to_one_entry_and_every_level_has_a_name():
    stems = [s for e in RAW["departments"] for s in e["stems"]]
    assert len(stems) == len(set(stems))
    assert all(set(e["canonical"]) == {"province", "city", "county"} for e in RAW["departments"])


def _plan(city: str, extra: str = "") -> str:
    return (f"{city}人民政府办公室关于印发科技创新行动方案的通知\n\n一、重点任务\n"
            f"1. 建设创新平台。（市科技局牵头，市发改委、市经信局参与）\n"
            f"2. 培育科技企业。（市科技局、市财政局负责）{extra}\n")


def _departments(docs) -> dict:
    g = to_graph(docs)
    out = defaultdict(lambda: {"names": set(), "jurisdictions": set(), "label": None})
    for node in g.subjects(RDF.type, PKG.Department):
        info = out[str(node)]
        info["names"].update(str(n) for n in g.objects(node, PKG.nameAsWritten))
        info["jurisdictions"].update(str(j) for j in g.objects(node, PKG.inJurisdiction))
        info["label"] = str(g.value(node, RDFS.label))
    return dict(out)


def test_same_name_offices_of_two_cities_never_merge():
    docs = extract_text(_plan("杭州市"), "hz.md") + extract_text(_plan("成都市"), "cd.md")
    depts = _departments(docs)
    kjj = {d["label"]: iri for iri, d in depts.items() if "市科技局" in d["names"]}
    assert set(kjj) == {"杭州市科学技术局", "成都市科学技术局"}
    assert kjj["杭州市科学技术局"] != kjj["成都市科学技术局"]
    assert {d["label"] for d in depts.values() if "市经信局" in d["names"]} == {
        "杭州市经济和信息化局", "成都市经济和信息化局"}


def test_one_name_in_two_documents_of_one_city_is_one_node():
    docs = extract_text(_plan("杭州市"), "a.md") + extract_text(_plan("杭州市", "\n3. 其他。（市科学技术局负责）"), "b.md")
    depts = _departments(docs)
    kjj = [iri for iri, d in depts.items() if d["label"] == "杭州市科学技术局"]
    assert len(kjj) == 1 and depts[kjj[0]]["names"] == {"市科技局", "市科学技术局"}


def test_unknown_names_are_qualified_by_their_documents_jurisdiction():
    text = "{c}人民政府关于印发方案的通知\n\n一、任务\n1. 建设平台。（市数字经济促进中心负责）\n"
    docs = extract_text(text.format(c="杭州市"), "a.md") + extract_text(text.format(c="成都市"), "b.md")
    depts = _departments(docs)
    found = sorted((d["jurisdictions"].pop().rsplit("/", 1)[-1], iri.rsplit("/", 1)[-1])
                   for iri, d in depts.items() if "市数字经济促进中心" in d["names"])
    assert found == [("chengdu", "chengdu%3A%E5%B8%82%E6%95%B0%E5%AD%97%E7%BB%8F%E6%B5%8E%E4%BF%83%E8%BF%9B%E4%B8%AD%E5%BF%83"),
                     ("hangzhou", "hangzhou%3A%E5%B8%82%E6%95%B0%E5%AD%97%E7%BB%8F%E6%B5%8E%E4%BF%83%E8%BF%9B%E4%B8%AD%E5%BF%83")]


@lru_cache(maxsize=1)
def _corpus():
    return extract_paths([SAMPLE, *REAL]).documents


def test_sample_and_real_documents_every_department_in_exactly_one_jurisdiction():
    assert len(REAL) == 20
    depts = _departments(_corpus())
    assert len(depts) > 300
    assert [iri for iri, d in depts.items() if len(d["jurisdictions"]) != 1] == []
    by_jurisdiction = defaultdict(int)
    for d in depts.values():
        by_jurisdiction[next(iter(d["jurisdictions"])).rsplit("/", 1)[-1]] += 1
    # Suzhou (sample), Anhui, Hebei, 包头, 广安, 广州, 平潭 all hold departments
    assert {"suzhou", "anhui", "hebei", "guangzhou", "pingtan",
            "city%3A%E5%8C%85%E5%A4%B4%E5%B8%82", "city%3A%E5%B9%BF%E5%AE%89%E5%B8%82"} <= set(by_jurisdiction)


def test_jurisdictions_are_nodes_inside_their_enclosing_ones():
    g = to_graph(_corpus())
    chain = {}
    for node in g.subjects(RDF.type, PKG.Jurisdiction):
        up = list(g.objects(node, PKG.inJurisdiction))
        chain[str(g.value(node, RDFS.label))] = [str(g.value(u, RDFS.label)) for u in up]
    assert chain["苏州市"] == ["江苏省"] and chain["江苏省"] == ["中华人民共和国"]
    assert chain["广安市"] == ["四川省"] and chain["平潭综合实验区"] == ["福州市"]
    assert chain["中华人民共和国"] == []


def test_same_written_name_in_the_corpus_is_one_node_per_jurisdiction():
    depts = _departments(_corpus())
    kjj = sorted(d["label"] for d in depts.values() if "市科技局" in d["names"])
    assert kjj == ["包头市科学技术局", "广安市科学技术局", "苏州市科学技术局"]


def test_iris_are_the_same_from_build_to_build():
    first = set(_departments(_corpus()))
    again = set(_departments(extract_paths([SAMPLE, *REAL]).documents))
    assert first == again
