"""The 2017 survey's six recommendations, assessed for one municipality, in words.

Each assessment is (status, evidence, next step). Status is 'green', 'amber', 'red' or 'grey'
(grey = our data cannot say). The case is decided in analysis/lights.py from analysis/recommend.py's
facts; the wording per case lives in data/reference/recommendations[.en].yml. Evidence is one
sentence built only from figures in the tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from twinlib import fmt, paths
from twinlib.analysis import lights
from twinlib.analysis.recommend import facts, strategy_status
from twinlib.files import load_yaml


@dataclass(frozen=True)
class Assessment:
    key: str
    title: str
    section: str
    status: str
    evidence: str
    next_step: str


@lru_cache(maxsize=2)
def rules(lang: str = "da") -> dict:
    """Assessment wording per recommendation and case: data/reference/recommendations[.en].yml."""
    name = "recommendations.yml" if lang == "da" else f"recommendations.{lang}.yml"
    return load_yaml((paths.reference_dir() / name).read_text(encoding="utf-8"))


def _assessment(key: str, case: str, lang: str = "da", **fields) -> Assessment:
    rule = rules(lang)[key]
    c = rule["cases"][case]
    return Assessment(key, rule["title"], rule["section"], c["status"], c["evidence"].format(**fields),
                      c["next_step"].format(**fields))


def _common_fields(f: lights.Facts, profile: dict, peers: pd.DataFrame, row, lang: str) -> dict:
    """Fields every sentence may use: names, counts, the strategy's title and end, dormant links."""
    from twinlib.i18n import Messages

    m = Messages(lang)
    dormant = f.dormant
    note = " " + m.plural("advice.dormant_note", len(dormant), names=f.names(dormant)) if len(dormant) else ""
    peer_outside = (fmt.num(peers["outside_europe"].median(), 1, locale=lang)
                    if "outside_europe" in peers and len(peers) else "–")
    return {"name": f.name, "official": m("kommune", name=f.name), "n": f.n, "partners": f.names(f.partners, 3),
            "rel_phrase": m.plural("advice.the_relations", f.n), "twin_towns": m.plural("n.twin_towns", f.n),
            "all_in_europe": m("advice.both_in_europe") if f.n == 2 else m.plural("advice.all_in_europe", f.n),
            "dormant_note": note,
            "dormant_partners": f.names(dormant), "population": fmt.num(profile["population"], locale=lang),
            "title": "" if row is None else row["title"],
            "expires": "" if row is None or pd.isna(row["_exp"]) else int(row["_exp"]),
            "peer_outside": peer_outside}


RULES = (("strategy", lights.strategy), ("core_tasks", lights.core_tasks), ("global_outlook", lights.global_outlook),
         ("projects", lights.projects), ("funding", lights.funding), ("partnerships", lights.partnerships))


def assess(profile: dict, peers: pd.DataFrame, relations: pd.DataFrame, strategies: pd.DataFrame,
           memberships: pd.DataFrame | None, today: dt.date, acts: pd.DataFrame | None = None,
           lang: str = "da", all_relations: pd.DataFrame | None = None,
           names: dict[str, str] | None = None, official: str | None = None) -> list[Assessment]:
    """The six assessments: the case is decided in analysis/lights.py, the words are in the YAML.

    `memberships` is accepted for callers of the old signature; network membership is not the
    survey's "kommunale partnerskaber" (local actors and alliances between municipalities) and is
    not scored. `all_relations` (every municipality's) lets rule 6 see shared partners.
    """
    from twinlib.i18n import Messages

    m = Messages(lang)
    f = facts(profile, relations, strategies, today, acts, all_relations, names,
              join=lights.joiner(m("advice.and"), m("advice.more")))
    row = strategy_status(strategies, profile["code"], today)[1]
    common = _common_fields(f, profile, peers, row, lang) | ({"official": official} if official else {})
    out = []
    for key, rule in RULES:
        case, fields = rule(f)
        if "share_value" in fields:
            fields["share"] = fmt.pct(fields.pop("share_value"), locale=lang)
        out.append(_assessment(key, case, lang, **(common | fields)))
    return out
