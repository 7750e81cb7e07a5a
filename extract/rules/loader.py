"""Load the rule and gazetteer data files kept under ``extract/rules/``: the one rule loader.

``load_rules(name) -> dict`` parses one YAML file once per process (cached), puts the shared
word lists of ``lexicon.yaml`` where the file refers to them (see :func:`expand_lexicon`) and
checks the result against the file's schema in ``schema.yaml`` (JSON Schema, checked with the
``jsonschema`` library).  Every mapping with an ``id`` is a rule of the common shape (id,
description, pattern or words, examples, counterexamples) plus the keys its schema lists.

Raises ``FileNotFoundError`` naming the file when it is missing and :class:`RuleError` (a
``ValueError``) when it is not valid YAML, has no schema, refers to an unknown lexicon entry or
breaks its schema; the message starts with ``<file>:<rule-id>:`` (``assignments.yaml:
carry-forward: unknown key 'participant_verbs'``).  The returned data is shared: callers that
add compiled patterns to it work on a copy.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
import re
from typing import Any

import yaml

RULES_DIR = Path(__file__).parent
SCHEMA_FILE = "schema.yaml"
LEXICON_FILE = "lexicon.yaml"

#: ``{{lexicon:name}}`` inside a string: the entry's words as a regex alternation, in their order;
#: ``{{chars:name}}``: the entry's one-character words run together, for a ``[...]`` class
_LEXICON_REF = re.compile(r"\{\{(lexicon|chars):([a-z_]+)\}\}")


class RuleError(ValueError):
    """A rule file that cannot be used; ``str()`` starts with ``<file>:<rule-id>:``."""


@lru_cache(maxsize=None)
def load_rules(name: str) -> Any:
    """Return the checked content of ``extract/rules/<name>`` (lexicon references expanded)."""
    return read_rules(RULES_DIR / name, name)


def read_rules(path: Path, name: str) -> Any:
    """Read, expand and check the rule file at ``path`` as if it were ``extract/rules/<name>``
    (not cached; ``load_rules`` is the cached form for the files of this folder)."""
    data = _read_yaml(path, name)
    if name != LEXICON_FILE:
        data = expand_lexicon(data, name)
    check_rules(name, data)
    return data


#: libyaml's safe loader when PyYAML was built with it (the same data, about four times faster: the
#: rule files are read at the start of every process), else the pure-Python one
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path, name: str) -> Any:
    """The parsed YAML of ``path``; RuleError naming the file ``name`` when invalid."""
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise RuleError(f"{name}: invalid YAML: {exc}") from exc


def lexicon() -> dict[str, list[str]]:
    """The shared word lists of ``lexicon.yaml``: name -> words (checked like any rule file)."""
    return {entry["id"]: entry["words"] for entry in load_rules(LEXICON_FILE)["lists"]}


def expand_lexicon(data: Any, name: str = "?") -> Any:
    """``data`` with its references to the lexicon resolved (a new object; ``data`` is unchanged).

    A list item ``{lexicon: <entry>}`` is replaced by the entry's words (spliced into the list);
    ``{{lexicon:<entry>}}`` inside a string by the words as a regex alternation in their listed
    order (``市|区``: the same matches as writing them out), ``{{chars:<entry>}}`` by its
    one-character words run together (inside a ``[...]`` class).  RuleError for an unknown entry.
    """
    words = None

    def entry(key: str) -> list[str]:
        nonlocal words
        words = words if words is not None else lexicon()
        if key not in words:
            raise RuleError(f"{name}: unknown lexicon entry {key!r} (lexicon.yaml lists {sorted(words)})")
        return words[key]

    def _expand_ref(match: re.Match) -> str:
        words = entry(match.group(2))
        if match.group(1) == "lexicon":
            return "|".join(re.escape(w) for w in words)
        if any(len(w) != 1 for w in words):
            raise RuleError(f"{name}: {{{{chars:{match.group(2)}}}}} needs one-character words")
        return "".join(re.escape(w) for w in words)

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: walk(value) for key, value in node.items()}
        if isinstance(node, list):
            out = []
            for item in node:
                if isinstance(item, dict) and set(item) == {"lexicon"}:
                    out.extend(entry(item["lexicon"]))
                else:
                    out.append(walk(item))
            return out
        if isinstance(node, str) and "{{" in node:
            return _LEXICON_REF.sub(_expand_ref, node)
        return node

    return walk(data)


@lru_cache(maxsize=1)
def _schema() -> dict:
    return _read_yaml(RULES_DIR / SCHEMA_FILE, SCHEMA_FILE)


@lru_cache(maxsize=None)
def _validator(key: str):
    """A JSON Schema validator for the files entry ``key`` (its refs resolve to ``$defs``)."""
    from jsonschema import Draft202012Validator, FormatChecker

    root = _schema()
    schema = {"$schema": root["$schema"], "$defs": root["$defs"], **root["files"][key]}
    return Draft202012Validator(schema, format_checker=FormatChecker(formats=["regex"]))


GAZETTEER_LEVELS = "gazetteers/levels.yaml"


def schema_key(name: str) -> str:
    """The entry of ``schema.yaml`` for the file ``name`` (the gazetteers of every jurisdiction,
    ``gazetteers/national.yaml``, ``gazetteers/province/<id>.yaml``, ``gazetteers/city/<id>.yaml``,
    share one)."""
    if name.startswith("gazetteers/") and name != GAZETTEER_LEVELS:
        return "gazetteers/*.yaml"
    return name


def check_rules(name: str, data: Any) -> None:
    """Check ``data`` (the content of rule file ``name``) against its schema.

    Raises RuleError listing every problem, each as ``<file>:<rule-id or key path>: <what>``.
    """
    key = schema_key(name)
    if key not in _schema()["files"]:
        raise RuleError(f"{name}: no schema for this file in {SCHEMA_FILE}")
    errors = sorted(_validator(key).iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        raise RuleError("\n".join(_describe(name, data, error) for error in errors))


_UNEXPECTED = re.compile(r"\((.*) (?:was|were) unexpected\)")


def _describe(name: str, data: Any, error) -> str:
    """``<file>:<rule-id>: <key path below the rule>: <message>`` for one schema error."""
    node, where, rule = data, [], None
    for step in error.absolute_path:
        node = node[step]
        where.append(str(step))
        if isinstance(node, dict) and "id" in node:
            rule, where = str(node["id"]), []
    label = rule or ".".join(where[:1]) or "<top>"
    inner = where if rule else where[1:]
    message = error.message
    unexpected = _UNEXPECTED.search(message)
    if error.validator in ("additionalProperties", "unevaluatedProperties") and unexpected:
        message = f"unknown key {unexpected.group(1)}"
    elif error.validator == "format":
        message = f"pattern does not compile: {error.instance!r}"
    elif error.validator == "required":
        message = f"missing key: {message}"
    return f"{name}:{label}: " + (".".join(inner) + ": " if inner else "") + message


#: a gazetteer file's ``level`` -> the ``level`` of its department entries
_DEPARTMENT_LEVEL = {"national": "nation", "province": "province", "city": "city"}


@lru_cache(maxsize=1)
def gazetteer_files() -> tuple[dict, ...]:
    """The checked gazetteer files (``gazetteers/...``), in the precedence order of
    ``gazetteers/levels.yaml`` (national, each province, each city; by name inside a level),
    each as its content plus ``path`` (its name under ``extract/rules/``).

    Raises RuleError ``<file>:<entry id>: ...`` for a file whose ``level`` is not its folder's,
    or a department entry whose ``level``/``jurisdiction`` is not its file's.
    """
    out = []
    for level in load_rules(GAZETTEER_LEVELS)["levels"]:
        for path in sorted((RULES_DIR / "gazetteers").glob(level["files"])):
            name = path.relative_to(RULES_DIR).as_posix()
            data = load_rules(name)
            if data["level"] != level["id"]:
                raise RuleError(f"{name}:<top>: level {data['level']!r} in a folder of level {level['id']!r}")
            where = (_DEPARTMENT_LEVEL[data["level"]], data.get("region", "cn"))
            for entry in data.get("departments") or []:
                if (entry["level"], entry["jurisdiction"]) != where:
                    raise RuleError(f"{name}:{entry['id']}: level/jurisdiction {entry['level']}/"
                                    f"{entry['jurisdiction']} in a file of {where[0]}/{where[1]}")
            out.append({**data, "path": name})
    return tuple(out)


def copied_rules(name: str) -> Any:
    """A private deep copy of ``load_rules(name)``, for callers that add compiled patterns."""
    return copy.deepcopy(load_rules(name))


def _first_chars(items) -> set[str] | None:
    """Characters a parsed pattern can start with, or None when unknown/any."""
    from re import _constants as C  # noqa: N812 - stdlib internals, checked by tests

    out: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            out.add(chr(av))
            return out
        if op is C.IN:
            for kind, val in av:
                if kind is C.LITERAL:
                    out.add(chr(val))
                elif kind is C.RANGE and val[1] - val[0] < 256:
                    out.update(chr(x) for x in range(val[0], val[1] + 1))
                else:
                    return None
            return out
        if op is C.SUBPATTERN:
            sub = _first_chars(av[-1])
            if sub is None:
                return None
            out |= sub
            if not _nullable(av[-1]):
                return out
            continue
        if op is C.BRANCH:
            for branch in av[1]:
                sub = _first_chars(branch)
                if sub is None:
                    return None
                out |= sub
            if not any(_nullable(b) for b in av[1]):
                return out
            continue
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            sub = _first_chars(av[2])
            if sub is None:
                return None
            out |= sub
            if av[0] > 0:
                return out
            continue
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            continue
        return None
    return None  # the whole pattern may match the empty string


def _nullable(items) -> bool:
    from re import _constants as C  # noqa: N812

    for op, av in items:
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            continue
        if op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] == 0:
            continue
        if op is C.SUBPATTERN and _nullable(av[-1]):
            continue
        if op is C.BRANCH and any(_nullable(b) for b in av[1]):
            continue
        return False
    return True


def _skips_itself(parsed, flags: int) -> bool:
    """Whether the engine itself skips, in C, to a fixed prefix or to a first character of a set
    (a trie of literal branches, a class): a leading lookahead would only stop that (the
    gazetteers' tries scan 1.5-2.5x slower with it).  False where this Python's ``re`` does not tell."""
    try:
        from re import _compiler

        return bool(_compiler._get_literal_prefix(parsed, flags)[0] or _compiler._get_charset_prefix(parsed, flags))
    except Exception:  # another Python's internals: keep the lookahead
        return False


def compile_scan(pattern: str, flags: int = 0) -> re.Pattern:
    """Compile a pattern meant for ``finditer``/``search`` over long texts.

    Python's ``re`` tries every branch of an alternation at every position;
    when the set of characters a match can start with is known and small,
    a leading lookahead on that set lets the engine skip other positions
    cheaply (7× faster on the platform suffixes).  Same matches, same groups.
    """
    from re import _parser

    if flags & re.IGNORECASE or re.match(r"\(\?[aiLmsux]+\)", pattern):
        return re.compile(pattern, flags)  # case folding / global inline flags: keep as is
    try:
        parsed = _parser.parse(pattern, flags)
        first = _first_chars(parsed)
    except Exception:  # unknown constructs: fall back to the plain pattern
        first = None
    if first and _skips_itself(parsed, flags):
        return re.compile(pattern, flags)
    if not first or len(first) > 400:
        return re.compile(pattern, flags)
    charset = "".join(sorted(re.escape(ch) for ch in first))
    return re.compile(f"(?=[{charset}])(?:{pattern})", flags)


def trie_regex(words, token=re.escape) -> str:
    """One regex matching any of ``words``, longest first, factored as a trie.

    Equivalent to ``"|".join(sorted(words, key=len, reverse=True))`` for a
    leftmost scan (a longer word wins at the same start), but the engine
    follows one path per position instead of trying every word.  ``token``
    turns one character into its regex fragment (e.g. a bracket class that
    matches both widths); characters that share a fragment share a branch.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(token(ch), {})
        node[""] = {}

    def emit(node: dict) -> str:
        kids = sorted((t, n) for t, n in node.items() if t)
        if not kids:
            return ""
        parts = [t + emit(n) for t, n in kids]
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return emit(trie)
