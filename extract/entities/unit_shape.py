"""Is a name shaped like a department?  The heuristic for names no gazetteer knows: length,
characters, a unit-name ending and no reject word (rule ``looks_like`` in departments.yaml);
every gazetteer name passes."""

from __future__ import annotations

import re
from functools import lru_cache

from extract.entities import departments
from extract.entities.departments import _known_names, normalize
from extract.memo import lasting
from extract.rules.loader import load_rules


@lru_cache(maxsize=None)
def _looks_like_rules() -> dict:
    rules = dict(load_rules("departments.yaml")["looks_like"])
    rules["charset_re"] = re.compile(rules["charset"])
    rules["suffix_re"] = re.compile(rules["suffix"])
    rules["quoted_re"] = re.compile(rules["quoted"]) if rules.get("quoted") else None
    return rules


def _without(text: str, words) -> str:
    """``text`` with the organ words that hold a reject word removed ("工作推进小组")."""
    for w in words:
        text = text.replace(w, "")
    return text


def _unquoted(text: str, rules: dict) -> str:
    """``text`` without the quoted words a name may hold (rule ``looks_like.quoted``: "创建“平安医院”活动…")."""
    return rules["quoted_re"].sub("", text) if rules["quoted_re"] is not None and "“" in text else text


@lasting(maxsize=1 << 16)
def looks_like_department(name: str) -> bool:
    """Heuristic: does ``name`` look like a department (gazetteer names do)?"""
    text = normalize(name)
    return text in _known_names() or looks_like_shape(text)


@lru_cache(maxsize=None)
def _name_shape() -> dict:
    """Rule ``name_shape`` (departments.yaml): each part's compiled pattern with its stop cores / reject notes."""
    return {part: (re.compile(rule["pattern"]), tuple(rule.get("stop_cores", ())), tuple(rule.get("reject_notes", ())))
            for part, rule in load_rules("departments.yaml")["name_shape"].items()}


def _shaped_core(part: str, text: str) -> bool:
    """``text`` fits the part's pattern and its core opens with no stop core (rule ``name_shape.<part>``)."""
    rx, stops, _ = _name_shape()[part]
    hit = rx.match(text)
    return bool(hit) and not hit["core"].startswith(stops) and not _rejected_words(hit["core"])


def _rejected_words(text: str) -> bool:
    rules = _looks_like_rules()
    return any(w in _without(text, rules.get("organ_words", ())) for w in rules["reject_words"])


@lasting(maxsize=1 << 16)
def looks_like_shape(name: str) -> bool:
    """The generic part of :func:`looks_like_department`: the shape rules alone, no gazetteer name
    (``bench/name_recall.py`` measures it as the recogniser of names no list holds): rule ``looks_like``, then
    the regular shapes of rule ``name_shape`` (a level + core + organ ending, a named zone, the townships as a
    collective, a name with a trailing note)."""
    text = normalize(name)
    if _looks_like(text):
        return True
    shape = _name_shape()
    if shape["collective"][0].match(text):
        return True
    if _shaped_core("levelled", text) or _shaped_core("zone", text) or _shaped_core("media", text):
        return True
    levels = shape["levels"][0].match(text)
    if levels and looks_like_shape(levels["first"] + levels["rest"]):
        return True
    noted = shape["noted"][0].match(text)
    return bool(noted) and not any(w in noted["note"] for w in shape["noted"][2]) and (
        looks_like_shape(noted["name"]) or noted["name"] in _known_names())


def _looks_like(text: str) -> bool:
    """Rule ``looks_like``: length, characters, a unit-name ending and no reject word."""
    rules = _looks_like_rules()
    return (
        rules["min_len"] <= len(text) <= rules["max_len"]
        and bool(rules["charset_re"].match(_unquoted(text, rules)))
        and bool(rules["suffix_re"].search(text))
        and (text.endswith(tuple(rules["organ_suffixes"]))
             or not any(text.endswith(s) for s in rules["reject_suffixes"]))
        and not _rejected_words(text)
        and not text.startswith(tuple(rules.get("reject_starts", ())))
        and not glued_verb(text)  # "考核结果经区管委会": a verb's object (rule glued_opening)
    )


def is_unit_name(name: str) -> bool:
    """A name that can stand for a unit in a table cell or a sentence: shaped like a department
    (:func:`looks_like_department`), a group (各乡镇), or a name the gazetteers resolve."""
    return bool(name) and (looks_like_department(name) or (departments.is_group(name)
                           or departments.resolve(name) is not None) and not glued_verb(name))  # ("对…中相关部门":
    # a group after a verb or preposition is its object, rule glued_opening)


_NOTE_END = re.compile(r"（[^（）]{1,6}）$")


@lru_cache(maxsize=None)
def _glue_rules() -> dict:
    """Rule ``glued_opening`` (departments.yaml) compiled: the heading words and the verbs (tuples, for ``endswith``),
    the head a unit opens with, 其, the bare verbs and a glued bracketed heading."""
    r = load_rules("departments.yaml")["glued_opening"]
    return {"heading_words": tuple(r["heading_words"]), "verbs": tuple(r["verbs"]), "head": re.compile(r["head"]),
            "pronoun": re.compile(r["pronoun"]), "bare_verbs": re.compile(r["bare_verbs"]),
            "heading": re.compile(r["heading"])}


def _headed_unit(rest: str) -> bool:
    """``rest`` opens with a unit's head (or is a known name) and is a unit."""
    if rest in _known_names():
        return True
    bare = _NOTE_END.sub("", rest)  # "区气象局（台）": a note in brackets after the name does not count
    return bool(_glue_rules()["head"].match(rest)) and len(bare) >= 2 and (is_unit_name(rest) or is_unit_name(bare))


def _opening(text: str, bare: str, words: str) -> int:
    """The end of the words of kind ``words`` that open ``text`` before a unit (0: none): a ``bare`` opening before
    any unit, else the shortest prefix that ends with one of ``words`` before a headed unit."""
    rules = _glue_rules()
    m = rules[bare].match(text)  # (three characters at least: "配合部门" is a name)
    if m and len(text) - m.end() >= 3 and is_unit_name(text[m.end():]):
        return m.end()
    ends, head, known = rules[words], rules["head"], _known_names()
    for end in range(1, len(text) - 1):  # (cheap tests first: a head or a known name, then the glue word before it)
        rest = text[end:]
        if (head.match(rest) or rest in known) and text.endswith(ends, 0, end) and _headed_unit(rest):
            return end
    return 0


@lasting(maxsize=1 << 16)
def glued_opening(name: str) -> int:
    """The length of a heading's words run into the front of a unit's name ("工作要求地方各级卫生健康行政部门" -> 4,
    "（机构职责）管委会" -> 6, "其上级主管部门" -> 1), 0 when there are none or a gazetteer holds the whole name
    (rule ``glued_opening``)."""
    if name in _known_names():
        return 0
    m = _glue_rules()["pronoun"].match(name)
    if m and len(name) - m.end() >= 2 and is_unit_name(name[m.end():]):
        return m.end()
    return _opening(name, "heading", "heading_words")


@lasting(maxsize=1 << 16)
def glued_verb(name: str) -> bool:
    """``name`` is a unit after the verb, preposition or adverb of the clause before it ("配合有关部门",
    "考核结果经区管委会"): the unit is an object there, and the name no unit (rule ``glued_opening``)."""
    text = name[glued_opening(name):]  # (after a heading's words: "工作要求地方各级…" is the heading 工作要求)
    return text not in _known_names() and _opening(text, "bare_verbs", "verbs") > 0
