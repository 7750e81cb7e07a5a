"""Shared by the benchmark scripts: print a result table and keep it under bench/results/."""

from __future__ import annotations

import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
README = Path(__file__).resolve().parents[1] / "README.md"


def readme_query() -> str:
    """The SPARQL query of the README's quick start, as printed there (the curl example)."""
    return re.search(r"--data-urlencode query='\n(.*?)'\n", README.read_text(encoding="utf-8"), re.S).group(1)


def load_average() -> str:
    """The 1-minute load average now (Linux ``/proc/loadavg``), as printed there."""
    return Path("/proc/loadavg").read_text().split()[0]


def keep(name: str, text: str) -> None:
    """Print ``text`` and write it to results/<name>.md."""
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.md").write_text(text, encoding="utf-8")


def report(name: str, command: str, rows: list[tuple[str, str]]) -> str:
    """Print ``rows`` as a Markdown table and write it, with ``command``, to results/<name>.md."""
    table = "\n".join(["| measure | result |", "| --- | --- |"] + [f"| {a} | {b} |" for a, b in rows])
    print(table)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.md").write_text(f"Command: `{command}`\n\n{table}\n", encoding="utf-8")
    return table
