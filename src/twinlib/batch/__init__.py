"""Running reports: plan the tasks, run them in a pool of workers with one warm shell each (pool,
worker, shell; a Jupyter kernel only where a process has an IPython shell already: kernel), stop
cleanly (stop), skip unchanged ones (cache), and write the index (index).
`render` is the one engine for a single report and the batch alike.
"""

from twinlib import publish  # noqa: F401 - its __init__ keeps nbformat's import cheap in every worker
