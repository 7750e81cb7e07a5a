"""Shared by the benchmark scripts: print a result table and keep it under bench/results/."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def report(name: str, command: str, rows: list[tuple[str, str]]) -> str:
    """Print ``rows`` as a Markdown table and write it, with ``command``, to results/<name>.md."""
    table = "\n".join(["| measure | result |", "| --- | --- |"] + [f"| {a} | {b} |" for a, b in rows])
    print(table)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.md").write_text(f"Command: `{command}`\n\n{table}\n", encoding="utf-8")
    return table
