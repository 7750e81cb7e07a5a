"""Structure: clean text → documents, numbered items, sections, tasks, assignments, table rows."""
