"""Suggest the ``schema.yaml`` entry of a rule file from its content (a maintainer's tool).

``python -m extract.rules.suggest_schema assignments.yaml [--key carry_forward]`` prints the
entry the file's current content implies: every mapping with an ``id`` as a rule
(``$ref: '#/$defs/rule'`` plus its own keys, ``unevaluatedProperties: false``), other mappings
closed (``additionalProperties: false``), keys present in every instance required, patterns
(``pattern``, ``regex``, ``*_pattern``) checked to compile.  Paste what is new into
``schema.yaml`` after reading it: the suggestion accepts whatever the file holds, typos included.
``infer(values)`` is the function behind it.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

import yaml

from extract.rules.loader import RULES_DIR, expand_lexicon

#: keys of the common rule shape (#/$defs/rule)
RULE_KEYS = ("id", "description", "pattern", "words", "examples", "counterexamples")


def _is_map(dicts: list[dict]) -> bool:
    """A mapping keyed by data (characters, words) rather than by fixed names."""
    return any(not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(k)) for d in dicts for k in d)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    return {int: "integer", float: "number", str: "string"}[type(value)]


def infer(values: list, key: str | None = None) -> dict:
    """The JSON Schema (as a dict) that every value of ``values`` (one node of the file) satisfies."""
    if key is not None and str(key).endswith("examples"):
        return {"type": "array"}
    if values and all(isinstance(v, dict) for v in values):
        if _is_map(values):
            return {"type": "object", "additionalProperties": infer([x for d in values for x in d.values()])}
        keys = list(dict.fromkeys(k for d in values for k in d))
        rule = all("id" in d for d in values)
        props = {k: infer([d[k] for d in values if k in d], k) for k in keys if not (rule and k in RULE_KEYS)}
        required = [k for k in keys if all(k in d for d in values) and not (rule and k in RULE_KEYS)]
        out: dict = {"$ref": "#/$defs/rule"} if rule else {"type": "object"}
        if props:
            out["properties"] = props
        if required:
            out["required"] = required
        out["unevaluatedProperties" if rule else "additionalProperties"] = False
        return out
    if values and all(isinstance(v, list) for v in values):
        items = [x for v in values for x in v]
        if items and all(isinstance(x, str) for x in items):
            return {"$ref": "#/$defs/strings"}
        return {"type": "array", "items": infer(items)} if items else {"type": "array"}
    if any(isinstance(v, (list, dict)) for v in values):
        return {}
    types = sorted({_scalar(v) for v in values})
    types = ["number"] if types == ["integer", "number"] else types
    out = {"type": types[0] if len(types) == 1 else types}
    if types == ["string"] and key is not None and (key in ("pattern", "regex") or str(key).endswith(("_pattern", "_regex"))):
        out["format"] = "regex"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", help="a rule file of extract/rules/, e.g. assignments.yaml")
    parser.add_argument("--key", help="only this top-level key of the file")
    args = parser.parse_args(argv)
    data = expand_lexicon(yaml.safe_load((RULES_DIR / args.name).read_text(encoding="utf-8")), args.name)
    schema = infer([data])
    if args.key:
        schema = schema.get("properties", {}).get(args.key, {})
    sys.stdout.write(yaml.safe_dump({args.key or args.name: schema}, allow_unicode=True, sort_keys=False,
                                    width=110, default_flow_style=None))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
