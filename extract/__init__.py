"""Rule-based extraction of policy documents, in stages (see ``README.md``, Layout).

``readers`` (file → text) → ``structure`` (text → documents, sections, tasks,
assignments, table rows) → ``entities`` (finders for departments, places,
platforms, targets, jurisdictions that the structure stage calls) → top-level
``enrich`` / ``pipeline`` / ``export``; ``rules`` holds the rule loader and the
rule data, ``model`` the records.  Entry point: :mod:`extract.pipeline`.
"""
