"""The one ordered list of the report's sections.

The notebook template shows them in this order (a test holds it to this list), the table of contents
lists them from it, and `sections` maps each name to the function that computes it.
"""

ORDER = ("cover", "summary", "partners", "cards", "comparison", "geography", "activities", "strategy",
         "recommendations", "checklist", "sources", "method")
