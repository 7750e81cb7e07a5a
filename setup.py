"""Build hook: the wheel carries the top-level files the packages need at run time.

``ontology.ttl`` and the bundled sample corpus (``data/suzhou_2022_01.md``) live at the top of
the checkout, outside every package; ``build_py`` copies them into the built ``graph`` package as
``graph/bundled/…`` (see :mod:`graph.bundled`, which finds them in a checkout or an installed
wheel).  Everything else is declared in ``pyproject.toml``.
"""

from pathlib import Path
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: top-level files shipped inside the graph package (source → path under graph/bundled/)
BUNDLED = ["ontology.ttl", "data/suzhou_2022_01.md", "data/README.md"]


class BuildPyWithBundled(build_py):
    def run(self):
        super().run()
        for relative in BUNDLED:
            target = Path(self.build_lib) / "graph" / "_bundled" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / relative, target)


setup(cmdclass={"build_py": BuildPyWithBundled})
