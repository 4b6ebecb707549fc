"""Page 2's actions over all 98 municipalities: how many, how many are data chores, how often the
same action recurs once names and numbers are set aside (issue "Report v3", its measure).

A chore is registering, confirming or closing links, or publishing lists (the words that mark one
are in CHORES). Names are every capitalised word not opening a sentence and every »quoted« title;
numbers are digit runs; a list of names ("A, B og C m.fl.") counts as one name.

    .venv/bin/python benchmarks/actions_audit.py [--lang da] [--show 5]
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import re

from twinlib.report import decisions
from twinlib.report.context import context
from twinlib.tables import data

# the imperative verbs of a chore (never the adjective: "ingen bekræftede venskabsbyer" is a finding)
CHORES = re.compile(r"\b(bekræft|registrér|registrer|luk|læg en (samlet|dateret) liste|indtastningsarket|"
                    r"offentliggør|confirm|register|publish|close)\b", re.I)
NAME = r"[A-ZÆØÅÄÖÜ][\w\-'.æøåäöüÆØÅ]*"


def normalise(text: str) -> str:
    """The action with names and numbers set aside."""
    text = re.sub(r"[»“][^«”]*[«”]", "T", text)
    text = re.sub(r"\d+", "#", text)
    text = re.sub(rf"(?<=[^.!?:] ){NAME}", "N", text)
    text = re.sub(r"N(?:(?:, | og | and )N)*(?: m\.fl\.| and others)?", "N", text)
    return text


def audit(lang: str = "da", today: dt.date | None = None) -> dict:
    t = data.load()
    actions = []
    for name in t.municipalities["name"]:
        actions += decisions.decision_texts(context(name, lang=lang, today=today))
    chores = [a for a in actions if CHORES.search(a)]
    counts = collections.Counter(normalise(a) for a in actions)
    return {"reports": len(t.municipalities), "actions": len(actions), "chores": len(chores),
            "chore_share": len(chores) / len(actions) if actions else 0.0,
            "max_repeat": max(counts.values()) if counts else 0, "top": counts.most_common()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lang", default="da")
    ap.add_argument("--show", type=int, default=5, help="the most repeated actions to print")
    args = ap.parse_args()
    r = audit(args.lang)
    print(f"{r['reports']} reports, {r['actions']} actions, {r['chores']} chores "
          f"({r['chore_share']:.0%}); the most repeated action (names and numbers aside) is in "
          f"{r['max_repeat']} reports")
    for text, n in r["top"][:args.show]:
        print(f"{n:3d}  {text[:160]}")


if __name__ == "__main__":
    main()
