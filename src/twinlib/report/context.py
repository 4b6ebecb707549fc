"""Everything one report needs, computed once per municipality from the processed tables.

The tables and the national figures are the same for all 98 reports, so a warm kernel loads and
verifies them once and keeps them, keyed on the data directory and the fingerprint `twinlib report`
hands over (else on a stamp of the files), and computes only the municipality's own part.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from twinlib import i18n, intake, names, paths, vocab
from twinlib.analysis import metrics, peers
from twinlib.research import summary
from twinlib.tables import data
from twinlib.tables.official import official_name, official_names  # noqa: F401 - re-exported


@dataclass
class ReportContext:
    tables: data.Tables
    muni: pd.Series
    per_muni: pd.DataFrame
    profile: dict
    relations: pd.DataFrame
    peers: pd.DataFrame
    mix: pd.DataFrame
    today: dt.date
    acts: pd.DataFrame | None = None
    travel: pd.DataFrame | None = None
    distribution: pd.DataFrame | None = None  # the national and regional quartiles (National.distribution)
    all_current: pd.DataFrame | None = None  # every municipality's current relations (National.current)
    data_dir: object = None
    m: i18n.Messages = field(default_factory=i18n.Messages)
    # what several sections derive from the same inputs (verdicts, funding matches), computed once
    memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)  # fresh in every replace()

    def once(self, key: str, compute):
        """compute() the first time a section asks for `key`, the stored value after that."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    @property
    def name(self) -> str:
        return str(self.muni["name"])

    @property
    def lang(self) -> str:
        return self.m.lang

    @property
    def code(self) -> str:
        return str(self.muni["code"])

    @property
    def official(self) -> str:
        """The official name in the report's language: 'Københavns Kommune', 'Bornholms Regionskommune'."""
        return official_name(self.code, self.name, self.m)


@dataclass(frozen=True)
class National:
    """The tables and the per-municipality figures every report shares."""
    tables: data.Tables
    per_muni: pd.DataFrame
    distribution: pd.DataFrame  # quartiles for the nation and each region: the same in every report
    # every municipality's current relations (vocab.current), filtered once: the comparisons with the
    # nation and the peers read them in every report (the rule is idempotent, so passing these where
    # all relations were passed gives the same results)
    current: pd.DataFrame
    features: pd.DataFrame  # the peers' standardised features (peers.features): national, like the quartiles
    # municipality code -> the row positions of its relations (all statuses), grouped once instead of
    # filtered per report; the rows are taken when asked for (splitting all 98 up front cost 65 ms
    # that a single report does not need)
    by_code: dict

    def own(self, code: str) -> pd.DataFrame:
        """The municipality's relations, as `relations[relations["municipality_code"] == code]` gives them."""
        return self.tables.relations.iloc[self.by_code.get(code, [])]


def _data_stamp(data_dir) -> tuple:
    """What identifies the processed data in a long-lived kernel: the manifest's text, and each
    table's size and modification time (a table edited under an unchanged manifest, as
    --allow-modified permits, must not be served from the cache)."""
    directory = paths.processed_dir(data_dir)
    manifest = directory / "manifest.json"
    files = sorted(directory.glob("*.csv")) if directory.is_dir() else []
    files += sorted(paths.intake_dir().glob("*.csv")) if paths.intake_dir().is_dir() else []  # laid on top in load
    return (manifest.read_text(encoding="utf-8") if manifest.is_file() else "",
            tuple((str(p), st.st_size, st.st_mtime_ns) for p in files for st in [p.stat()]))


def plain_strings(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns as plain Python objects: the same values, but the many small per-municipality
    filters of a report run faster than on Arrow-backed strings (measured: 0.18 -> 0.15 s a report)."""
    return df.astype({c: object for c in df.columns if isinstance(df[c].dtype, pd.StringDtype)})


def parsed_checks(relations: pd.DataFrame) -> pd.DataFrame:
    """The dates the relations were checked, parsed once: vocab.has_recent_evidence parses them at
    every call otherwise (about ten calls a report; measured 3.1 -> 2.0 ms each), with the same result."""
    if "checked" not in relations:
        return relations
    return relations.assign(checked=pd.to_datetime(relations["checked"], errors="coerce"))


@lru_cache(maxsize=2)
def _national(data_dir: str | None, stamp: tuple) -> National:
    loaded = data.load(data_dir)
    t = dataclasses.replace(loaded, **{f: plain_strings(getattr(loaded, f)) for f in
                                       ("municipalities", "relations", "memberships", "strategies", "coverage",
                                        "sources")})
    t = dataclasses.replace(t, relations=parsed_checks(t.relations))
    per = metrics.relations_per_municipality(t.municipalities, t.relations)
    cur = vocab.current(t.relations)
    outside = cur[vocab.outside_europe(cur["world_region"])].groupby("municipality_code").size()
    per = per.assign(outside_europe=per["code"].map(outside).fillna(0).astype(int))
    by_code = t.relations.groupby("municipality_code", sort=False).indices
    return National(t, per, metrics.distribution(per), cur, peers.features(per), by_code)


def national(data_dir=None, fingerprint: str | None = None) -> National:
    """Shared figures, cached per process; a rebuilt or edited data directory is reloaded. The
    fingerprint, when the caller gives one (the batch computed it when it loaded the data), is the
    key; without one the files are stamped (manifest, sizes, times) at every call."""
    key = str(data_dir) if data_dir else None
    return _national(key, fingerprint or _data_stamp(data_dir))


def sort_relations(rel: pd.DataFrame) -> pd.DataFrame:
    """Current relations first, then by status (an unknown one last), country and name (in Danish
    alphabetical order); ties keep their order. Ranked on plain keys, then taken in that order (a
    pandas sort with temporary columns cost ~3 ms a report)."""
    rank = {s: i for i, s in enumerate(vocab.STATUSES)}
    keys = list(zip(~vocab.is_current(rel).to_numpy(), [rank.get(s, len(rank)) for s in rel["status"]],
                    map(names.collation_key, rel["partner_country_name"]),
                    map(names.collation_key, rel["partner_name"]), strict=True))
    return rel.iloc[sorted(range(len(keys)), key=keys.__getitem__)]


def callers_path(data_dir):
    """A data directory given relative to the caller's working directory, made absolute: a report
    kernel runs in a private directory of its own (batch/kernel.py), which hands the caller's over."""
    caller = os.environ.get("TWINLIB_CALLER_DIR")
    return os.path.join(caller, data_dir) if data_dir and caller and not os.path.isabs(data_dir) else data_dir


def context(kommune: str, data_dir=None, lang: str = "da", today: dt.date | None = None,
            fingerprint: str | None = None) -> ReportContext:
    """Load (or reuse) the tables and compute every figure the report shows for one municipality."""
    m = i18n.Messages(lang)  # raises a clear error for an unknown language
    data_dir = callers_path(data_dir)
    nat = national(data_dir, fingerprint)
    t, per = nat.tables, nat.per_muni
    muni = summary.find_municipality(t.municipalities, kommune)
    code = muni["code"]
    own = nat.own(code)
    acts, travel = intake.load_intake(code)
    return ReportContext(tables=t, muni=muni, per_muni=per, acts=acts, travel=travel, distribution=nat.distribution,
                         all_current=nat.current,
                         profile=metrics.municipality_profile(t.municipalities, own, code, per),
                         relations=sort_relations(own), peers=peers.nearest_peers(per, code, z=nat.features),
                         mix=metrics.world_region_mix(nat.current, code),
                         today=today or dt.date.today(), data_dir=data_dir, m=m)
