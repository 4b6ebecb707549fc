"""The `twinlib` command: its entry point (entry), the parser with one-line errors (parser), what
each subcommand does, by group (report_commands, intake_commands, data_commands, sharing
output.say) and the environment check (doctor).
"""
