"""Round 4 inputs: per-region municipality lists, Nordic links, undated current rows; the seeded sample."""

import numpy as np
import pandas as pd

P = "/work/main/data/processed/"
m = pd.read_csv(P + "municipalities.csv", dtype=str)
r = pd.read_csv(P + "relations.csv", dtype=str)
cov = pd.read_csv("/work/main/data/curated/coverage.csv", dtype=str)
st = pd.read_csv("/work/main/data/curated/strategies.csv", dtype=str)
ms = pd.read_csv("/work/main/data/curated/memberships.csv", dtype=str)
NORDIC = {"SE", "NO", "FI", "IS", "FO", "GL", "AX"}
m = m.sort_values("code")
hov = m[m.region == "Hovedstaden"].code.tolist()
groups = {"hovedstaden1": hov[:15], "hovedstaden2": hov[15:]}
for reg, pre in [
    ("Sjælland", "sjaelland"),
    ("Syddanmark", "syddanmark"),
    ("Midtjylland", "midtjylland"),
    ("Nordjylland", "nordjylland"),
]:
    groups[pre] = m[m.region == reg].code.tolist()
cols = [
    "relation_id",
    "municipality_code",
    "local_place",
    "partner_name",
    "partner_country",
    "kind",
    "status",
    "evidence_grade",
    "evidence_date",
    "source_url",
    "evidence_note",
]
for pre, codes in groups.items():
    mm = m[m.code.isin(codes)][["code", "name", "region", "predecessors"]]
    c = cov.rename(columns={"municipality_code": "code"})[["code", "outcome", "urls_checked", "note"]]
    s = (
        st.groupby("municipality_code")
        .apply(
            lambda g: " || ".join(
                g.title + " <" + g.url + "> adopted=" + g.adopted.fillna("") + " expires=" + g.expires.fillna("")
            )
        )
        .rename("strategies_on_file")
    )
    n = ms.groupby("municipality_code").network.apply(" ; ".join).rename("networks_on_file")
    mm = (
        mm.merge(c, on="code", how="left")
        .merge(s, left_on="code", right_index=True, how="left")
        .merge(n, left_on="code", right_index=True, how="left")
    )
    mm.to_csv(f"/work/research4/in/{pre}_municipalities.csv", index=False)
    rr = r[r.municipality_code.isin(codes)]
    rr[cols].to_csv(f"/work/research4/in/{pre}_relations.csv", index=False)
    nord = rr[rr.partner_country.isin(NORDIC) & rr.status.isin(["active", "unverified"])]
    nord[cols].to_csv(f"/work/research4/in/{pre}_nordic_links.csv", index=False)
    cur = rr[(rr.status == "active") & rr.evidence_grade.isin(list("ABC")) & (rr.evidence_date == "2026-11-25")]
    cur[cols].to_csv(f"/work/research4/in/{pre}_undated_current.csv", index=False)
    print(pre, len(mm), "relations", len(rr), "nordic", len(nord), "undated current", len(cur))
# the probability sample: seeded, drawn from every unverified link
SEED = 20261206
u = r[r.status == "unverified"].sort_values("relation_id").reset_index(drop=True)
idx = np.sort(np.random.default_rng(SEED).choice(len(u), size=64, replace=False))
sample = (
    u.loc[idx]
    .merge(m[["code", "name", "predecessors"]], left_on="municipality_code", right_on="code")
    .drop(columns="code")
)
sample["sample_no"] = range(1, len(sample) + 1)
sc = [
    "sample_no",
    "relation_id",
    "municipality_code",
    "name",
    "predecessors",
    "local_place",
    "partner_name",
    "partner_country",
    "source_ids",
    "evidence_grade",
    "evidence_date",
    "source_url",
    "evidence_note",
]
sample[sc].to_csv("/work/research4/in/sample_all.csv", index=False)
sample[sc].iloc[:32].to_csv("/work/research4/in/sample1_links.csv", index=False)
sample[sc].iloc[32:].to_csv("/work/research4/in/sample2_links.csv", index=False)
print("unverified", len(u), "sample", len(sample))
# partner towns in countries with recent municipal reforms
mer = r[
    r.partner_country.isin(
        ["NO", "IS", "FI", "EE", "LV", "GL", "FO", "NL", "BE", "DE", "LT", "SE", "PL", "GB", "FR", "CH", "AT", "UA"]
    )
]
mer[["relation_id", "municipality_code", "partner_name", "partner_country", "status"]].to_csv(
    "/work/research4/in/partners_for_mergers.csv", index=False
)
print("merger candidates", len(mer), mer.partner_country.value_counts().to_dict())
