"""Routers, one module per resource; :mod:`.lookup` holds the shared store reads."""
