"""Is a name shaped like a department?  The heuristic for names no gazetteer knows: length,
characters, a unit-name ending and no reject word (rule ``looks_like`` in departments.yaml);
every gazetteer name passes."""

from __future__ import annotations

import re
from functools import lru_cache

from extract.entities import departments
from extract.entities.departments import _known_names, normalize
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


@lru_cache(maxsize=1 << 16)
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


@lru_cache(maxsize=1 << 16)
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
    )


def is_unit_name(name: str) -> bool:
    """A name that can stand for a unit in a table cell or a sentence: shaped like a department
    (:func:`looks_like_department`), a group (各乡镇), or a name the gazetteers resolve."""
    return bool(name) and (looks_like_department(name) or departments.is_group(name)
                           or departments.resolve(name) is not None)
