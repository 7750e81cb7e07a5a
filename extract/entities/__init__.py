"""Entities: finders for departments, jurisdictions, issuers, places, platforms, targets, numbers (and jieba's one owner, ``segment``)."""
