"""The `twinlib` command: the parser with one-line errors (parser), what each subcommand does
(commands) and the environment check (doctor).
"""
