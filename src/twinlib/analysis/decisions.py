"""At most three decisions for the leadership, each one a council or its finance committee can
take: what to decide, the options, and when (analysis/calendar). Codes and facts only; report/
words them.

Data chores (confirming unverified links, registering activities, publishing a list) are not
decisions: they go to the administration's checklist. A decision is only proposed where the data
gives something to decide, so a municipality with little to decide gets fewer than three.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from twinlib.analysis import calendar
from twinlib.analysis.policy import Policy

MAX_DECISIONS = 3
# the stance that shapes a policy decision first, when a policy has several
STANCE_ORDER = ("prune", "time_limited_only", "no_general_twinning", "project_based", "association_run",
                "keep_fixed_partners")


@dataclass(frozen=True)
class Decision:
    # policy_interim · policy_renew · policy_replace · policy_adopt · policy_term · portfolio · start · budget
    code: str
    window: calendar.Window
    options: tuple[str, ...]
    subjects: dict = field(default_factory=dict)  # option or group -> relation ids
    facts: dict = field(default_factory=dict)


def policy_decision(policy: Policy, held: int, associations: int, verdicts: pd.DataFrame,
                    today: dt.date) -> Decision | None:
    """What the council has to decide about its policy, if anything.

    An expiring policy gets an interim extension first when no prepared case can reach the council
    before it runs out; a standing policy from an earlier term is put to the new council once.
    """
    early = calendar.early_term(today)
    start, end = calendar.term(today)
    if policy.status == "urgent":
        return Decision("policy_interim", calendar.before(today, policy.end), ("extend", "lapse"),
                        facts={"end": policy.end, "revise_by": early.end})
    if policy.status == "lapsing":
        window = calendar.Window(early.start, min(early.end, policy.end)) if policy.end > early.start else early
        return Decision("policy_renew", window, ("renew", "sharpen", "lapse"), facts={"end": policy.end})
    if policy.status == "lapsed":
        return Decision("policy_replace", early, ("new", "projects", "none"),
                        facts={"end": policy.end, "term": (start, end)})
    if policy.status == "undated":
        adopted = int(str(policy.adopted)[:4]) if policy.adopted[:4].isdigit() else None
        if adopted is not None and adopted >= start:
            return None
        stance = next((s for s in STANCE_ORDER if policy.has(s)), "none")
        return Decision("policy_term", early, ("keep", f"revise_{stance}", "end_date"),
                        facts={"adopted": adopted, "term": (start, end), "stance": stance})
    if policy.status == "none" and held:
        keep = verdicts.loc[verdicts["verdict"] == "keep", "relation_id"].tolist() if len(verdicts) else []
        options = ("fixed", "projects") + (("associations",) if associations else ()) + ("none",)
        return Decision("policy_adopt", early, options, subjects={"fixed": keep},
                        facts={"held": held, "associations": associations, "term": (start, end)})
    return None


def portfolio_decision(policy: Policy, verdicts: pd.DataFrame, today: dt.date,
                       programmes: list[str] | None = None) -> Decision | None:
    """One decision on the links that should end or be renewed with a project (keeping the rest).

    Unverified links ('confirm') are the administration's to settle first: not in the decision.
    """
    if not len(verdicts):
        return None
    groups = {v: verdicts.loc[verdicts["verdict"] == v, "relation_id"].tolist() for v in ("end", "renew", "keep")}
    if not groups["end"] and not groups["renew"]:
        return None
    reasons = {v: tuple(dict.fromkeys(verdicts.loc[verdicts["verdict"] == v, "reason"])) for v in ("end", "renew")}
    options = tuple(v for v in ("end", "renew", "keep") if groups[v])
    if options == ("end",):
        options = ("end", "renew_instead")  # a decision needs an alternative
    return Decision("portfolio", calendar.early_term(today), options, subjects=groups,
                    facts={"reasons": reasons, "stances": policy.stances, "budget": calendar.budget(today),
                           "programmes": list(programmes or [])})


def start_decision(peers_with: int, peers: int, suggestion: str | None, networks: list[str],
                   unverified: list[str], associations: int, policy: Policy, today: dt.date) -> Decision | None:
    """No current relation: whether to have international partners at all, and in which form.

    None where the municipality's own policy already answers it (no general twinning, project-based,
    left to associations): the report then says what the policy says, and proposes nothing against it.
    """
    if any(policy.has(s) for s in ("no_general_twinning", "project_based", "association_run")):
        return None
    options = ((("revive",) if unverified else ()) + (("country",) if suggestion else ())
               + (("associations",) if associations else ()) + (("network",) if networks else ("projects",))
               + ("none",))
    situation = "unverified" if unverified else ("associations" if associations else "nothing")
    return Decision("start", calendar.early_term(today), options, subjects={"revive": unverified},
                    facts={"peers_with": peers_with, "peers": peers, "country": suggestion, "networks": networks,
                           "associations": associations, "situation": situation})


def budget_decision(verdicts: pd.DataFrame, policy: Policy, programmes: list[str], today: dt.date) -> Decision | None:
    """Money for the projects a project-based policy relies on, in the next budget negotiations.

    Elsewhere the budget is named inside the relations decision (renew with a project from budget
    year N), so a council is not asked twice; proposed only when there is something to fund."""
    renew = verdicts.loc[verdicts["verdict"] == "renew", "relation_id"].tolist() if len(verdicts) else []
    if not renew or not (policy.has("project_based") or policy.has("time_limited_only")):
        return None
    options = ("pool",) + (("apply",) if programmes else ()) + ("none",)
    return Decision("budget", calendar.budget(today), options, subjects={"renew": renew},
                    facts={"programmes": programmes, "goals": policy.goals})


def decisions(policy: Policy, verdicts: pd.DataFrame, held: int, associations: int, today: dt.date,
              start: Decision | None = None, programmes: list[str] | None = None) -> list[Decision]:
    """The page-2 decisions, most urgent first, at most MAX_DECISIONS."""
    found = [policy_decision(policy, held, associations, verdicts, today),
             start if not held else portfolio_decision(policy, verdicts, today, programmes),
             budget_decision(verdicts, policy, programmes or [], today)]
    chosen = [d for d in found if d is not None]
    return sorted(chosen, key=lambda d: d.window.end)[:MAX_DECISIONS]
