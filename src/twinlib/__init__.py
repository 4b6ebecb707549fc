"""twinlib: open data and reports on Danish municipalities' twin-town relations."""

__version__ = "0.1.0"
