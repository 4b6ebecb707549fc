"""reports/index.csv and index.html: every municipality with its key figures and its report."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import __version__, data, fmt, vocab
from ..files import atomic_write
from .render import Outcome, file_stem, output_dir


def write_index(outcomes: list[Outcome], out_root: Path, data_dir=None, lang: str = "da") -> None:
    """reports/index.csv and index.html: every municipality, key figures, status, link to its PDF."""
    from ..analysis import metrics

    t = data.load(data_dir)
    per = metrics.relations_per_municipality(t.municipalities, t.relations)
    unverified = vocab.unverified(t.relations).groupby("municipality_code").size()
    state = {o.code: o for o in outcomes}
    index_path = out_root / ("index.csv" if lang == "da" else f"index.{lang}.csv")
    previous = pd.read_csv(index_path, dtype=str).set_index("code") if index_path.exists() else None
    rows = []
    for m in per.merge(t.municipalities[["code", "slug"]], on="code").itertuples(index=False):
        o = state.get(m.code)
        if o is not None:
            status, error = o.status, o.error
        elif previous is not None and m.code in previous.index:
            status, error = previous.loc[m.code, "status"], previous.loc[m.code, "error"]
        else:
            status, error = "not run", ""
        pdf = output_dir(m.code, m.slug, out_root) / f"{file_stem(m.slug, lang)}.pdf"
        rows.append({"code": m.code, "name": m.name, "region": m.region, "population": int(m.population),
                     "relations": int(m.relations), "per_10k": round(float(m.per_10k), 2),
                     "unverified": int(unverified.get(m.code, 0)), "rank_national": int(m.rank_national),
                     "status": status, "error": "" if pd.isna(error) else error,
                     "pdf": pdf.relative_to(out_root).as_posix() if pdf.exists() else ""})
    df = pd.DataFrame(rows)
    out_root.mkdir(parents=True, exist_ok=True)
    atomic_write(index_path, df.to_csv(index=False, lineterminator="\n"))
    body = "".join(
        f"<tr><td>{fmt.esc(r.code)}</td><td>"
        + (f'<a href="{fmt.esc(r.pdf)}">{fmt.esc(r.name)}</a>' if r.pdf else fmt.esc(r.name))
        + f"</td><td>{fmt.esc(r.region)}</td><td class=n>{fmt.num(r.population)}</td>"
        f"<td class=n>{r.relations}</td><td class=n>{fmt.num(r.per_10k, 2)}</td><td class=n>{r.unverified}</td>"
        f"<td class='s {fmt.esc(r.status)}'>{fmt.esc(r.status)}</td><td>{fmt.esc(r.error)}</td></tr>"
        for r in df.itertuples(index=False))
    html = f"""<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>twinlib – rapporter</title>
<style>body{{font:14px/1.4 sans-serif;margin:2em;color:#1d2b36}}table{{border-collapse:collapse}}
td,th{{padding:3px 8px;border-bottom:1px solid #e6ecf0;text-align:left}}.n{{text-align:right}}
.s.failed{{color:#b8453a;font-weight:bold}}.s.ok{{color:#3d8b5a}}</style></head><body>
<h1>Kommunerapporter</h1><p>{len(df)} kommuner · {sum(df.status == 'ok')} ok · {sum(df.status == 'skipped')}
uændrede · {sum(df.status == 'failed')} fejlede. twinlib {__version__}.</p>
<table><thead><tr><th>Kode</th><th>Kommune</th><th>Region</th><th>Indbyggere</th><th>Venskabsbyer</th>
<th>Pr. 10.000</th><th>Ikke bekræftede</th><th>Status</th><th>Fejl</th></tr></thead><tbody>{body}</tbody></table>
</body></html>"""
    atomic_write(out_root / ("index.html" if lang == "da" else f"index.{lang}.html"), html)


def failure_table(outcomes: list[Outcome]) -> str:
    failed = [o for o in outcomes if o.status == "failed"]
    if not failed:
        return ""
    lines = [f"{len(failed)} report(s) failed:", f"{'municipality':<22} {'cell':<7} error"]
    lines += [f"{o.name:<22} {o.cell:<7} {o.error}" for o in failed]
    return "\n".join(lines)
