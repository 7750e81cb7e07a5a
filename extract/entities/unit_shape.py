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
    if text in _known_names():
        return True
    rules = _looks_like_rules()
    return (
        rules["min_len"] <= len(text) <= rules["max_len"]
        and bool(rules["charset_re"].match(_unquoted(text, rules)))
        and bool(rules["suffix_re"].search(text))
        and (text.endswith(tuple(rules["organ_suffixes"]))
             or not any(text.endswith(s) for s in rules["reject_suffixes"]))
        and not any(w in _without(text, rules.get("organ_words", ())) for w in rules["reject_words"])
        and not text.startswith(tuple(rules.get("reject_starts", ())))
    )


def is_unit_name(name: str) -> bool:
    """A name that can stand for a unit in a table cell or a sentence: shaped like a department
    (:func:`looks_like_department`), a group (各乡镇), or a name the gazetteers resolve."""
    return bool(name) and (looks_like_department(name) or departments.is_group(name)
                           or departments.resolve(name) is not None)
