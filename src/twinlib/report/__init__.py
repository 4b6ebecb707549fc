"""The municipality report's content: the context (one municipality's facts, loaded once), blocks,
the words (brief, agenda) and the ordered sections (`sections/`). Nothing here renders or runs a
notebook: `publish/` turns sections into HTML and PDF, `batch/` runs the notebook.
"""
