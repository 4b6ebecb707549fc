"""Text from data shown as text: the one rule for every output (terminal, HTML, PDF, csv/xlsx).

A partner name or a source title can hold an escape sequence (ESC [ 2 J clears a terminal, OSC 8
makes a hidden hyperlink, BEL rings, a bidi override reverses what a reader sees). Such characters
are never passed on raw: each becomes a visible escape (``\\x1b``, ``\\u202e``), so the data is
kept and a reader sees that something odd is there. Tab and newline are ordinary text.
"""

from __future__ import annotations

import re

# C0 but tab and newline, DEL, C1, and the bidi embeddings/overrides/isolates (U+202A-E, U+2066-9)
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _shown(match: re.Match) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    r"""The text with every control character written as a visible escape.

    >>> visible("Kolding\x1b]8;;http://e\x1b\\ok\x07\tx\n")
    'Kolding\\x1b]8;;http://e\\x1b\\ok\\x07\tx\n'
    >>> visible("Örebro \u202egnp.exe")
    'Örebro \\u202egnp.exe'
    """
    return CONTROL.sub(_shown, text)


def visible_data(value):
    """`visible` applied to every string inside plain data (dicts, lists, tuples); a new object,
    the input is not changed. Keys are data too (a table's column names)."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {visible_data(k): visible_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(visible_data(v) for v in value)
    return value
