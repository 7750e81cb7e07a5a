"""RDF side of policykg: vocabulary, record→triple mapping, store, analytics.

Depends on ``extract`` (never the other way round).  ``build_corpus`` is the
main job's entry point: extract files → triples → SHACL validation → store.
"""

from .pipeline import BuildSummary, build_corpus

__all__ = ["BuildSummary", "build_corpus"]
