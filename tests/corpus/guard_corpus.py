"""Issue 24 cases for the corpus (target 'guard'): outputs that must not destroy, manifests and
tables that must be refused, arguments that mean nothing, control characters from data, sizes.

Each case is `SETUP ARGS…`: SETUP is '-' or comma-separated steps that the test applies to a fresh
copy of the processed data ({data}) before running `twinlib ARGS` in an empty folder ({here}):
  reports            ./reports is someone else's (an index.html)
  link               {here}/link is a symbolic link to {data}
  cut=TABLE          TABLE.csv loses its last row
  manifest=FILE      files/FILE (made below) replaces manifest.json
  manifest=drop:REL  REL's line is deleted from tables_sha256 (and its row count)
  manifest=extra     an entry for a table twinlib does not read is added
  manifest=rows-1    relations' row count lowered by one (the file unchanged)
  drop=TABLE.COLUMN  COLUMN is removed from TABLE.csv
  many=CODE:N        N copies of CODE's first relation are added
  ctrl=CODE          CODE's first partner gets a name full of escape sequences ({attack})
  ctrl-muni=CODE     CODE's municipality name too
Placeholders: {fifo}, {socket}, {chardev} (a null device made in tmp; skipped unless root),
{link-fifo} (a link to the FIFO), {project} (a folder with .git, code and an index.html),
{workbook} (Kolding's intake template), {attack} (text with ESC, BEL, OSC 8, C1 and a bidi override).
Whatever the expectation, nothing under {data} or {project} changes, no special file is replaced,
no report is started when an error is expected, and no raw control character is printed or written.
"""

from __future__ import annotations

ATTACK = "Evil\x1b[2J\x1b]0;pwned\x07\x1b]8;;http://e.x/\x1b\\click\x1b]8;;\x1b\\\x9b31m\u202etxt"

# (file name, content) of the malformed manifests, written to files/ by make_corpus.py
MANIFEST_FILES = [
    ("manifest_deep.json", "[" * 5000 + "]" * 5000),
    ("manifest_deep_object.json", '{"a":' * 5000 + "1" + "}" * 5000),
    ("manifest_5000_digits.json", '{"tables_sha256": {"relations.csv": "' + "0" * 64 + '"}, "row_counts": '
                                  '{"relations": ' + "9" * 5000 + "}}"),
    ("manifest_not_json.json", "tables_sha256 = relations.csv\n"),
    ("manifest_list.json", "[]"),
    ("manifest_null.json", "null"),
    ("manifest_bom.json", "\ufeff{}"),
    ("manifest_nan_count.json", '{"tables_sha256": {"relations.csv": "' + "0" * 64 + '"}, "row_counts": '
                                '{"relations": NaN}}'),
    ("manifest_bool_count.json", '{"tables_sha256": {"relations.csv": "' + "0" * 64 + '"}, "row_counts": '
                                 '{"relations": true}}'),
    ("manifest_short_hash.json", '{"tables_sha256": {"relations.csv": "abc"}, "row_counts": {"relations": 535}}'),
]

GUARD_CASES: list[tuple[str, str, str, str]] = [
    # (case, expect, "SETUP ARGS…", fragment) — expect: error | usage | safe (stdout) | warn (stderr, exit 0)
    # 1. the output guard: never a device, FIFO or socket …
    ("g_export_xlsx_fifo", "error", "- export --format xlsx --out {fifo}", "FIFO"),
    ("g_export_xlsx_socket", "error", "- export --format xlsx --out {socket}", "socket"),
    ("g_export_xlsx_chardev", "error", "- export --format xlsx --out {chardev}", "character device"),
    ("g_export_xlsx_link_to_fifo", "error", "- export --format xlsx --out {link-fifo}", "FIFO"),
    ("g_export_csv_fifo", "error", "- export --format csv --out {fifo}", "not a directory"),
    ("g_export_parquet_socket", "error", "- export --format parquet --out {socket}", "not a directory"),
    ("g_intake_template_fifo", "error", "- intake template Kolding --out {fifo}", "FIFO"),
    ("g_intake_template_chardev", "error", "- intake template Kolding --out {chardev}", "character device"),
    ("g_intake_contribute_fifo", "error", "- intake contribute {workbook} --out {fifo}", "FIFO"),
    ("g_report_out_fifo", "error", "- report Kolding --out {fifo}", "not a directory"),
    ("g_report_all_out_chardev", "error", "- report --all --out {chardev}", "not a directory"),
    ("g_build_out_fifo", "error", "- build --out {fifo}", "not a directory"),
    ("g_export_csv_out_regular_file", "error", "- export --format csv --out {workbook}", "not a directory"),
    ("g_report_out_regular_file", "error", "- report Kolding --out {workbook}", "not a directory"),
    # … never under the data being read …
    ("g_export_csv_into_data", "error", "- export --format csv --out {data} --data-dir {data}",
     "which this command reads"),
    ("g_export_parquet_under_data", "error", "- export --format parquet --out {data}/sub --data-dir {data}",
     "which this command reads"),
    ("g_export_xlsx_over_a_table", "error", "- export --format xlsx --out {data}/relations.csv --data-dir {data}",
     "which this command reads"),
    ("g_export_xlsx_via_link_into_data", "error", "link export --format xlsx --out {here}/link/relations.csv "
     "--data-dir {data}", "which this command reads"),
    ("g_intake_template_over_a_table", "error", "- intake template Kolding --out {data}/municipalities.csv "
     "--data-dir {data}", "which this command reads"),
    ("g_intake_contribute_over_its_workbook", "error", "- intake contribute {workbook} --out {workbook}",
     "which this command reads"),
    ("g_intake_import_into_data", "error", "- intake import {workbook} --out {data} --data-dir {data}",
     "which this command reads"),
    ("g_report_into_data", "error", "- report Kolding --out {data} --data-dir {data}", "which this command reads"),
    ("g_report_via_link_into_data", "error", "link report --only Kolding --out {here}/link --data-dir {data}",
     "which this command reads"),
    ("g_build_out_under_sources", "error", "- build --sources {data} --out {data}/new", "which this command reads"),
    ("g_build_out_holding_sources", "error", "- build --sources {data} --out {data}/..", "which this command reads"),
    # … never a non-empty foreign folder
    ("g_build_out_project", "error", "- build --out {project}", "not empty and not a processed data folder"),
    ("g_build_out_here", "error", "reports build --out .", "not empty and not a processed data folder"),
    ("g_export_csv_into_project", "error", "- export --format csv --out {project}", "not empty and not a"),
    ("g_export_parquet_into_project", "error", "- export --format parquet --out {project}", "not empty and not a"),
    ("g_report_into_project", "error", "- report Kolding --out {project}", "not empty and not a reports folder"),
    ("g_report_only_into_project", "error", "- report --only Kolding --out {project}", "not empty and not a"),
    ("g_report_all_foreign_reports", "error", "reports report --all --quiet", "not empty and not a reports folder"),
    ("g_intake_import_into_project", "error", "- intake import {workbook} --out {project}", "not empty and not a"),
    # 3. integrity that cannot be switched off; malformed manifests and tables: one line
    ("g_manifest_entry_deleted", "error", "cut=relations,manifest=drop:relations.csv summary --data-dir {data}",
     "not listed in manifest.json"),
    ("g_manifest_entry_deleted_report", "error", "cut=relations,manifest=drop:relations.csv report Kolding "
     "--data-dir {data}", "relations.csv"),
    ("g_manifest_entry_deleted_doctor", "error", "cut=relations,manifest=drop:relations.csv doctor --data-dir {data}",
     "not listed in manifest.json"),
    ("g_manifest_geo_entry_deleted", "error", "manifest=drop:geo/world.geojson summary --data-dir {data}",
     "world.geojson"),
    ("g_manifest_extra_entry", "error", "manifest=extra summary --data-dir {data}", "not a table twinlib reads"),
    ("g_manifest_row_count_edited", "error", "manifest=rows-1 summary --data-dir {data}", "but manifest.json says"),
    *[(f"g_{name.removesuffix('.json')}", "error", f"manifest={name} summary --data-dir {{data}}", "manifest.json")
      for name, _ in MANIFEST_FILES],
    ("g_manifest_deep_doctor", "error", "manifest=manifest_deep.json doctor --data-dir {data}", "manifest.json"),
    ("g_manifest_5000_digits_export", "error", "manifest=manifest_5000_digits.json export --format csv --data-dir "
     "{data} --out {here}/x", "manifest.json"),
    ("g_table_without_status", "error", "drop=relations.status summary --kommune Kolding --data-dir {data} "
     "--allow-modified", "column 'status'"),
    ("g_table_without_code", "error", "drop=municipalities.code summary --data-dir {data} --allow-modified",
     "column 'code'"),
    ("g_table_without_licence_export", "error", "drop=sources.licence export --format csv --data-dir {data} "
     "--allow-modified --out {here}/x", "column 'licence'"),
    # 5. arguments
    ("g_only_comma", "error", "- report --only ,", "names no municipality"),
    ("g_only_commas_and_spaces", "error", "- report --only ' , ,'", "names no municipality"),
    ("g_only_empty", "error", "- report --only ''", "names no municipality"),
    ("g_jobs_zero", "usage", "- report --all --jobs 0", "--jobs"),
    ("g_jobs_negative", "usage", "- report --all --jobs -3", "--jobs"),
    ("g_jobs_absurd", "usage", "- report --all --jobs 100000000000000000000", "--jobs"),
    ("g_jobs_5000_digits", "usage", "- report --all --jobs " + "9" * 5000, "--jobs"),
    ("g_jobs_above_cpus", "warn", "- report --only Kolding --jobs 64", "is more than the"),
    # 7. size
    ("g_size_thousands", "error", "many=621:3000 report Kolding --data-dir {data} --allow-modified", "at most 200"),
    ("g_size_thousands_only", "error", "many=621:3000 report --only Vejle,Kolding --data-dir {data} "
     "--allow-modified", "Kolding (621)"),
    ("g_size_long_warned", "warn", "many=621:100 report --only Kolding --data-dir {data} --allow-modified",
     "runs long"),
    # 6. control characters from data: shown as text on every output
    ("g_ctrl_summary", "safe", "ctrl=621 summary --kommune Kolding --data-dir {data} --allow-modified",
     "Evil\\x1b[2J"),
    ("g_ctrl_municipality_name", "safe", "ctrl-muni=621 summary --kommune 621 --data-dir {data} --allow-modified",
     "\\x1b]0;pwned\\x07"),
    ("g_ctrl_export_csv", "safe", "ctrl=621 export --format csv --kommune Kolding --data-dir {data} "
     "--allow-modified --out {here}/x", "wrote 6 file(s)"),
    ("g_ctrl_kommune_argument", "error", "- summary --kommune {attack}", "unknown municipality"),
    ("g_ctrl_data_dir_argument", "error", "- summary --data-dir {here}/{attack}", "not found"),
    ("g_ctrl_out_argument", "error", "- export --format xlsx --out {fifo}/{attack}", "not a directory"),
    # the new surfaces of this round (site, release, survey kit): the same guard, the same refusals
    ("g_site_fifo", "error", "- site --out {fifo} --only Kolding --reports {here}", "FIFO"),
    ("g_site_project", "error", "- site --out {project} --only Kolding --reports {here}", "is not empty"),
    ("g_site_into_data", "error", "- site --out {data}/site --only Kolding --reports {here} --data-dir {data}",
     "which this command reads"),
    ("g_site_jobs_zero", "usage", "- site --out {here}/s --only Kolding --jobs 0", "--jobs"),
    ("g_release_fifo", "error", "- release --out {fifo}", "FIFO"),
    ("g_release_project", "error", "- release --out {project}", "is not empty"),
    ("g_release_into_data", "error", "- release --out {data}/geo --data-dir {data}", "which this command reads"),
    ("g_survey_kit_fifo", "error", "- survey kit --only Kolding --out {fifo}", "FIFO"),
    ("g_survey_kit_project", "error", "- survey kit --only Kolding --out {project}", "is not empty"),
    ("g_survey_kit_into_data", "error", "- survey kit --only Kolding --out {data}/kit --data-dir {data}",
     "which this command reads"),
]
