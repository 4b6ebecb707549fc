"""Publishing a report: sections shown in the notebook (show), typeset to PDF through Typst (pdf,
editions) and the nbconvert exporters (exporter); templates/ holds the Typst and HTML templates.

jsonschema, which nbformat imports, loads rfc3987_syntax when it is installed (JupyterLab brings it)
only to offer an "iri" format check that nbformat never uses; that import compiles a grammar and
costs about a second per process. Marking it absent skips it and nothing else.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
