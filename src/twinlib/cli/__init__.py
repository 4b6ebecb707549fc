"""The `twinlib` command: the parser with one-line errors (parser), what each subcommand does, by
group (report_commands, intake_commands, data_commands, sharing output.say) and the environment
check (doctor).
"""
