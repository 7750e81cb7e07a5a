"""RDF side of policykg: vocabulary, record→triple mapping, store, analytics.

Depends on ``extract`` (never the other way round).  ``build_corpus`` is the
main job's entry point: extract files → triples → SHACL validation → store.
It is imported on first use (``from graph import build_corpus``), so that a
process that only queries a store never loads the extractors and their rules.
"""

__all__ = ["BuildSummary", "build_corpus"]


def __getattr__(name: str):
    """``build_corpus`` and ``BuildSummary`` from :mod:`graph.pipeline`, imported on first use."""
    if name in __all__:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'graph' has no attribute {name!r}")
