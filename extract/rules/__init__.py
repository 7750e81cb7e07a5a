"""Rules: the rule loader (``loader``) and the rule data files of this folder."""
