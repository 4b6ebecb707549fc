"""Build hook: the wheel carries a copy of what a report reads from the checkout's top level.

data/ and notebooks/ stay the one source of truth (the design fixes them at the top of the
checkout); a built package gets a copy under twinlib/_bundled/ with the same layout, which
twinlib.paths reads through importlib.resources. An editable install copies nothing: it reads the
checkout directly. Metadata lives in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = ["data/reference", "data/processed", "notebooks/templates/kommune_report.ipynb",
           "notebooks/templates/national_report.ipynb"]


class BuildPyWithData(build_py):
    """build_py into a clean build/lib/twinlib (a deleted module or data file never lingers in a wheel),
    then copy BUNDLED into build/lib/twinlib/_bundled/."""

    def run(self):
        if getattr(self, "editable_mode", False):
            return super().run()
        shutil.rmtree(Path(self.build_lib) / "twinlib", ignore_errors=True)
        super().run()
        target = Path(self.build_lib) / "twinlib" / "_bundled"
        for rel in BUNDLED:
            src, dst = ROOT / rel, target / rel
            if src.is_dir():
                shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".*", "__pycache__"))
            else:
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dst)


setup(cmdclass={"build_py": BuildPyWithData})
