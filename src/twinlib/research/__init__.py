"""For researchers and the terminal: the exploration notebooks' functions and views (explore,
explore_view), exports of the tables (export) and text summaries (summary).
"""
