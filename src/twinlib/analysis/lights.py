"""Which case of each of the survey's six recommendations applies to one municipality.

Each rule reads the municipality's `Facts` (size, current relations, strategy state, intake) and
returns a case name from data/reference/recommendations.yml plus the fields its sentences need. The
cases differ by size, relation count, strategy state and intake data, so two municipalities that
differ get different advice. Dormant links (no activity for DORMANT_YEARS years) never count toward
a green light: they are left out of every share and named in the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from twinlib.analysis import engagement as eng

FEW = 3          # up to this many relations, the advice names them one by one
MANY = 8         # from this many, the advice is about focusing the portfolio
STRONG_SHARE = 0.25
PROJECT_SHARE_2017 = 0.16


@dataclass(frozen=True)
class Facts:
    name: str
    size: str                       # small / medium / large (engagement.size_band)
    partners: list[str]             # current partners
    outside: list[str]              # current partners outside Europe
    strategy: str                   # none / current / lapsing / lapsed / undated
    intake: pd.DataFrame            # engagement.current_intake rows (empty without intake)
    shared: dict = field(default_factory=dict)  # partner -> other Danish municipalities with it
    cooperation: list = field(default_factory=list)  # current partners under a cooperation agreement
    join: object = ", ".join        # "A, B og C" in the report's language

    @property
    def n(self) -> int:
        return len(self.partners)

    @property
    def active(self) -> pd.DataFrame:
        return self.intake[~self.intake["dormant"]] if len(self.intake) else self.intake

    @property
    def dormant(self) -> pd.DataFrame:
        return self.intake[self.intake["dormant"]] if len(self.intake) else self.intake

    def names(self, rows_or_list, limit: int = 4) -> str:
        names = sorted(rows_or_list["partner_name"]) if isinstance(rows_or_list, pd.DataFrame) else rows_or_list
        names = list(dict.fromkeys(names))
        return self.join(names[:limit] + (["…"] if len(names) > limit else []))

    def latest(self, rows: pd.DataFrame) -> str:
        """The partner with the most recent activity among `rows` (the one to build on)."""
        rows = rows.sort_values(["last_activity", "partner_name"], ascending=[False, True], na_position="last")
        return str(rows["partner_name"].iloc[0]) if len(rows) else ""


def joiner(and_word: str, more: str):
    """A function that lists names as "A, B og C" (a trailing "…" item becomes `more`, e.g. " m.fl.")."""
    def join(items) -> str:
        xs = [str(x) for x in items]
        tail = more if xs and xs[-1] == "…" else ""
        xs = xs[:-1] if tail else xs
        if tail or len(xs) <= 1:  # "A, B, C m.fl." -- never "A, B og C m.fl."
            return ", ".join(xs) + tail
        return f"{', '.join(xs[:-1])} {and_word} {xs[-1]}"
    return join


def _count_case(f: Facts, prefix: str = "no_data") -> str:
    return f"{prefix}_few" if f.n <= FEW else (f"{prefix}_many" if f.n >= MANY else prefix)


def _sized(f: Facts, case: str, large: bool = False) -> str:
    """`case_small` for a small municipality (and `case_large` for a large one where the YAML has it)."""
    if f.size == "small" or (large and f.size == "large"):
        return f"{case}_{f.size}"
    return case


def strategy(f: Facts) -> tuple[str, dict]:
    if f.strategy == "none":
        return ("none_norel" if f.n == 0 else _sized(f, "none")), {}
    if f.n == 0 and f.strategy in ("lapsed", "undated", "current"):
        return f"{f.strategy}_norel", {}
    if f.strategy == "undated" and f.n >= MANY:
        return "undated_many", {}
    return f.strategy, {}


def core_tasks(f: Facts) -> tuple[str, dict]:
    if f.n == 0:
        return _sized(f, "norel", large=True), {}
    if not len(f.intake):
        return _count_case(f), {}
    act = f.active
    if not len(act):
        return "dormant", {}
    core = eng.flagged(act, eng.CORE_ACTIVITIES)
    fields = {"core": int(core.sum()), "total": len(act), "share_value": core.mean(),
              "core_partners": f.names(act[core]), "candidate": f.latest(act[~core])}
    return ("strong" if core.mean() >= STRONG_SHARE else "weak"), fields


def global_outlook(f: Facts) -> tuple[str, dict]:
    fields = {"outside": len(f.outside), "outside_partners": f.names(f.outside)}
    if f.n == 0:
        return _sized(f, "norel"), fields
    if not f.outside:
        return _sized(f, "europe_only"), fields
    if len(f.intake):
        out = f.intake[f.intake["partner_name"].isin(f.outside)]
        if len(out) and out["dormant"].all():
            return "global_dormant", fields | {"outside_partners": f.names(out)}
    return "global", fields


def projects(f: Facts) -> tuple[str, dict]:
    if f.n == 0:
        return _sized(f, "norel"), {}
    if not len(f.intake):
        if f.cooperation:  # a cooperation agreement is the survey's targeted, project-like relation
            return "cooperation", {"cooperation": len(f.cooperation), "cooperation_partners": f.names(f.cooperation)}
        return _count_case(f), {}
    act = f.active
    if not len(act):
        return "dormant", {}
    to = pd.to_numeric(act["active_to"], errors="coerce") if "active_to" in act else pd.Series(pd.NA, act.index)
    proj = eng.flagged(act, ("projects",)) | to.notna()
    fields = {"projects": int(proj.sum()), "total": len(act), "share_value": proj.mean(),
              "project_partners": f.names(act[proj]), "candidate": f.latest(act)}
    return ("some" if proj.mean() >= PROJECT_SHARE_2017 else "few"), fields


def funding(f: Facts) -> tuple[str, dict]:
    if f.n == 0:
        return _sized(f, "norel"), {}
    if not len(f.intake):
        return _count_case(f), {}
    act = f.active
    external, internal = eng.externally_funded(act, f.name), eng.internally_funded(act, f.name)
    fields = {"funded": int(external.sum()), "internal": int(internal.sum()), "total": len(act),
              "funded_partners": f.names(act[external]), "candidate": f.latest(act) if len(act) else "",
              "sources": f.join(sorted({s for t in act.loc[external, "funding"]
                                        for s in eng.funding_sources(t, f.name)[0]})[:4])}
    if not len(act):
        return "dormant", fields
    if external.any():
        return "funded", fields
    return _sized(f, "internal" if internal.any() else "unfunded"), fields


def partnerships(f: Facts) -> tuple[str, dict]:
    """The survey's 'kommunale partnerskaber': local actors and alliances with other municipalities."""
    shared = {p: others for p, others in f.shared.items() if others}
    fields = {"shared_n": len(shared),
              "shared": f.join([f"{p} ({f.join(sorted(o)[:3])})" for p, o in sorted(shared.items())][:3])}
    if f.n == 0:
        return _sized(f, "norel"), fields
    if not len(f.intake):
        return ("shared" if shared else _count_case(f)), fields
    act = f.active
    if not len(act):
        return "dormant", fields
    local = eng.flagged(act, eng.LOCAL_ACTOR_ACTIVITIES)
    fields |= {"local": int(local.sum()), "total": len(act), "local_partners": f.names(act[local]),
               "candidate": f.latest(act[~local]) or f.latest(act)}
    return ("anchored" if local.mean() >= 0.5 else "thin"), fields
