"""The names of the engines a build can extract files on (:mod:`graph.engines` runs them).

Kept apart so that the command line lists them without importing the extractors."""

ENGINES = ("local", "dask")
