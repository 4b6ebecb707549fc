"""Every file the survey writes gets its path here, and only here: a name made from the municipality's
code and slug (never from what a user typed), checked to stay under its output directory. One
function, so the shared output guard (outpaths.py) can be put in front of all of them at once."""

from __future__ import annotations

from pathlib import Path

from twinlib.outpaths import inside, safe_name


def output_path(root: str | Path, code: str, slug: str, kind: str) -> Path:
    """root/<kind>-<code>-<slug>.<ext> for the kit, root/<code>-survey.csv for stored answers.

    >>> output_path("/tmp/kit", "621", "kolding", "letter").name
    'foelgebrev-621-kolding.pdf'
    >>> output_path("/tmp/kit", "621", "../x", "letter")
    Traceback (most recent call last):
    twinlib.errors.InputError: refusing to use '../x' as a slug in a file name
    """
    code, slug = safe_name(code, "municipality code"), safe_name(slug, "slug")
    name = {"questionnaire": f"spoergeskema-{code}-{slug}.xlsx", "letter": f"foelgebrev-{code}-{slug}.pdf",
            "answers": f"{code}-survey.csv"}[kind]
    return inside(root, Path(root) / name)
