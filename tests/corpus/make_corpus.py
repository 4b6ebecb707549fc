"""Writes the bad-input corpus (EXAMPLE files for tests only) and its index cases.csv.

Run `python tests/corpus/make_corpus.py` to regenerate; the files are committed so the corpus is
visible and reviewable (intake workbooks: tests/corpus/intake_corpus.py; survey returns:
tests/corpus/survey_corpus.py; issue 24's output, manifest, argument, size and control-character cases:
tests/corpus/guard_corpus.py). Each case names its target reader and whether a clear error ('error')
or safe handling ('safe') is expected, with a fragment the error or output must contain.
"""

from __future__ import annotations

import csv
from pathlib import Path

from guard_corpus import GUARD_CASES, MANIFEST_FILES
from intake_corpus import INTAKE_CASES, write_workbook
from survey_corpus import write_survey_cases

HERE = Path(__file__).resolve().parent
CUR = ("municipality_code,partner_name,partner_country,status,established_year,ended_year,kind,evidence_grade,"
       "evidence_date,source_url,note,checked_on")
GOOD = "621,Örebro,SE,active,1946,,twinning,A,2026-11-25,https://www.kolding.dk/x,,2026-11-25"
RAW = "city1,country1,city2,country2"

CASES: list[tuple[str, str, str, bytes | str | None, str]] = [
    # (case, target, expect, content, fragment)
    ("raw_latin1", "raw", "error", (RAW + "\nKøge,Denmark,Espoo,Finland\n").encode("latin-1"), "not valid UTF-8"),
    ("raw_bom", "raw", "safe", ("\ufeff" + RAW + "\nKøge,Denmark,Espoo,Finland\n").encode("utf-8"), "1 rows"),
    ("raw_semicolon", "raw", "error", "city1;country1;city2;country2\nKøge;Denmark;Espoo;Finland\n",
     "delimited by something other"),
    ("raw_tab", "raw", "error", "city1\tcountry1\tcity2\tcountry2\nKøge\tDenmark\tEspoo\tFinland\n",
     "missing column"),
    ("raw_missing_column", "raw", "error", "city1,country1,city2\nKøge,Denmark,Espoo\n", "missing column"),
    ("raw_renamed_column", "raw", "error", "town1,country1,city2,country2\nKøge,Denmark,Espoo,Finland\n",
     "missing column(s) ['city1']"),
    ("raw_extra_field", "raw", "error", RAW + "\nKøge,Denmark,Espoo,Finland,extra\n", "row 2"),
    ("raw_short_row", "raw", "error", RAW + "\nKøge,Denmark,Espoo\n", "expected 4 fields"),
    ("raw_empty", "raw", "error", "", "file is empty"),
    ("raw_whitespace_only", "raw", "error", "   \n\n", "file is empty"),
    ("raw_header_only", "raw", "error", RAW + "\n", "header only"),
    ("raw_extra_column_ok", "raw", "safe", "city1,country1,city2,country2,note\nKøge,Denmark,Espoo,Finland,x\n",
     "1 rows"),
    ("cur_latin1", "curated", "error", (CUR + "\n" + GOOD + "\n").encode("latin-1"), "not valid UTF-8"),
    ("cur_bom", "curated", "safe", ("\ufeff" + CUR + "\n" + GOOD + "\n").encode("utf-8"), "1 rows"),
    ("cur_semicolon", "curated", "error", CUR.replace(",", ";") + "\n" + GOOD.replace(",", ";") + "\n",
     "delimited by something other"),
    ("cur_missing_column", "curated", "error", CUR.replace(",checked_on", "") + "\n" + GOOD.rsplit(",", 1)[0]
     + "\n", "missing column(s) ['checked_on']"),
    ("cur_extra_column", "curated", "error", CUR + ",comment\n" + GOOD + ",hi\n", "unexpected column"),
    ("cur_empty", "curated", "error", "", "file is empty"),
    ("cur_header_only", "curated", "safe", CUR + "\n", "0 rows"),
    ("cur_duplicate_key", "curated", "error", CUR + "\n" + GOOD + "\n" + GOOD + "\n", "row 2"),
    ("cur_unknown_municipality", "curated", "error", CUR + "\n" + GOOD.replace("621,", "999,", 1) + "\n",
     "unknown municipality code"),
    ("cur_unknown_country", "curated", "error", CUR + "\n" + GOOD.replace(",SE,", ",XX,") + "\n",
     "unknown ISO country code"),
    ("cur_future_year", "curated", "error", CUR + "\n" + GOOD.replace(",1946,", ",2999,") + "\n", "between 1900"),
    ("cur_year_before_1900", "curated", "error", CUR + "\n" + GOOD.replace(",1946,", ",1850,") + "\n",
     "between 1900"),
    ("cur_year_text", "curated", "error", CUR + "\n" + GOOD.replace(",1946,", ",ca. 1946,") + "\n",
     "established_year"),
    ("cur_ended_before_start", "curated", "error", CUR + "\n" + GOOD.replace(",1946,,", ",1946,1940,") + "\n",
     "ended_year before established_year"),
    ("cur_future_checked_on", "curated", "error", CUR + "\n" + GOOD.replace("2026-11-25", "2999-01-01") + "\n",
     "in the future"),
    ("cur_bad_date", "curated", "error", CUR + "\n" + GOOD.replace("2026-11-25", "25/11/2026") + "\n",
     "YYYY-MM-DD"),
    ("cur_no_url", "curated", "error", CUR + "\n" + GOOD.replace("https://www.kolding.dk/x", "kolding.dk") + "\n",
     "http(s) URL"),
    ("cur_javascript_url", "curated", "error", CUR + "\n" + GOOD.replace("https://www.kolding.dk/x",
                                                                        "javascript:alert(1)") + "\n", "http(s) URL"),
    ("cur_bad_status", "curated", "error", CUR + "\n" + GOOD.replace(",active,", ",maybe,") + "\n", "status"),
    ("cur_bad_grade", "curated", "error", CUR + "\n" + GOOD.replace(",A,", ",E,") + "\n", "grade must be"),
    ("cur_active_public_only", "curated", "error",
     CUR + "\n" + GOOD.replace(",A,", ",D,").replace(",,2026", ",searched,2026") + "\n",
     "status active needs grade A-C"),
    ("cur_grade_without_url", "curated", "error", CUR + "\n" + GOOD.replace("https://www.kolding.dk/x", "") + "\n",
     "needs source_url"),
    ("cur_grade_d_without_note", "curated", "error", CUR + "\n" + GOOD.replace(",active,", ",unverified,")
     .replace(",A,", ",D,") + "\n", "must say in its note"),
    ("cur_empty_name", "curated", "error", CUR + "\n" + GOOD.replace(",Örebro,", ", ,") + "\n", "must not be empty"),
    ("cur_very_long_name", "curated", "error", CUR + "\n" + GOOD.replace(",Örebro,", "," + "Ö" * 500 + ",") + "\n",
     "str_length"),
    ("cur_html_name", "curated", "safe", CUR + "\n" + GOOD.replace(",Örebro,", ",<script>alert(1)</script>,")
     + "\n", "1 rows"),
    ("cur_latex_name", "curated", "safe", CUR + "\n" + GOOD.replace(",Örebro,", ",$\\input{/etc/passwd}$,") + "\n",
     "1 rows"),
    ("cur_markdown_css_name", "curated", "safe", CUR + "\n" + GOOD.replace(
        ",Örebro,", ",\"**bold** [x](javascript:1) <style>body{display:none}</style>\",") + "\n", "1 rows"),
    ("cur_formula_name", "curated", "safe", CUR + "\n" + GOOD.replace(",Örebro,", ",\"=HYPERLINK(\"\"http://e\"\")\",")
     + "\n", "1 rows"),
    ("cli_traversal_report", "cli", "error", "report ../../etc/passwd", "unknown municipality"),
    ("cli_traversal_summary", "cli", "error", "summary --kommune ../../etc", "unknown municipality"),
    ("cli_unknown_kommune", "cli", "error", "report Atlantis", "unknown municipality"),
    ("cli_markup_kommune", "cli", "error", "summary --kommune <script>alert(1)</script>", "unknown municipality"),
    ("cli_bad_format", "cli", "usage", "export --format docx", "invalid choice"),
    ("cli_bad_jobs", "cli", "usage", "report --all --jobs many", "invalid int"),
    ("cli_both_targets", "cli", "error", "report Kolding --all", "not both"),
    ("cli_missing_sources", "cli", "error", "build --sources /nonexistent/sources --check", "not found"),
    ("cli_missing_data_dir", "cli", "error", "summary --data-dir /nonexistent/data", "processed table not found"),
    # issue 16: output names from the municipality found, never from the text typed; writes that
    # cannot happen end in one line (a path under /dev/null cannot be made, even by root)
    ("cli_export_traversal_kommune", "cli", "safe", "export --format csv --kommune kolding/../..",
     "twinlib-export-621-kolding"),
    ("cli_export_traversal_xlsx", "cli", "safe", "export --format xlsx --kommune kolding/../..",
     "twinlib-export-621-kolding.xlsx"),
    ("cli_export_csv_unwritable", "cli", "error", "export --format csv --out /dev/null/x",
     "/dev/null is not a directory"),
    ("cli_export_xlsx_unwritable", "cli", "error", "export --format xlsx --out /dev/null/x.xlsx",
     "/dev/null is not a directory"),
    ("cli_report_unwritable", "cli", "error", "report Kolding --out /dev/null/x", "cannot write here"),
    ("cli_report_only_unwritable", "cli", "error", "report --only Kolding --quiet --out /dev/null/x",
     "cannot write here"),
    ("cli_build_unwritable", "cli", "error", "build --out /dev/null/x", "cannot write here"),
    ("cli_intake_template_unwritable", "cli", "error", "intake template Kolding --out /dev/null/x.xlsx",
     "/dev/null is not a directory"),
    ("cli_doctor_missing_data_dir", "cli", "error", "doctor --data-dir /nonexistent/data",
     "processed data directory not found"),
]


def main() -> None:
    (HERE / "files").mkdir(exist_ok=True)
    with open(HERE / "cases.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["case", "target", "expect", "file_or_args", "fragment"])
        for case, target, expect, content, fragment in CASES:
            if target in ("raw", "curated"):
                name = f"files/{case}.csv"
                data = content if isinstance(content, bytes) else content.encode("utf-8")
                (HERE / name).write_bytes(data)
                w.writerow([case, target, expect, name, fragment])
            else:
                w.writerow([case, target, expect, content, fragment])
        for case, expect, edit, zip_edit, fragment in INTAKE_CASES:
            name = f"files/{case}.xlsx"
            write_workbook(HERE / name, edit, zip_edit)
            w.writerow([case, "intake", expect, name, fragment])
        for name, content in MANIFEST_FILES:
            (HERE / "files" / name).write_text(content, encoding="utf-8")
        for case, expect, args, fragment in GUARD_CASES:
            w.writerow([case, "guard", expect, args, fragment])
        write_survey_cases(w)


if __name__ == "__main__":
    main()
