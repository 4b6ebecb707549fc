"""The one ordered list of the national report's sections.

The national template shows them in this order (a test holds it to this list) and the table of
contents lists them from it; `report.national` maps each name to the function that computes it.
"""

ORDER = ("cover", "summary", "survey", "regions", "distribution", "world", "change", "policies", "endings",
         "recommendations", "municipalities", "limits", "method")
