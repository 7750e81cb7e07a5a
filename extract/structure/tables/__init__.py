"""Assignment tables: shared cells/rows base, pipe, flattened, glued and HTML tables, indicator tables."""
