"""The consultant's intake workbook: a pre-filled .xlsx per municipality, and its safe import.

`template` writes the municipality's known relations with columns for the 2017 survey's activity
categories, years, funding, the municipality's own confirmation of each relation's status, and a
travel ledger. `import_workbook` validates every cell (sheet, row, column in every error), rejects
formulas and markup instead of evaluating them, and stores plain CSV under data/intake/<code>.csv
(+ <code>-travel.csv). `overlay` lays each stored import's confirmed statuses, years and new towns
over the processed relations where the tables are loaded (the municipality's word first);
`contribute` turns confirmed statuses into curated evidence rows for the shared dataset.
"""

from twinlib.intake.contribute import contribute, contributions
from twinlib.intake.importer import import_workbook
from twinlib.intake.writer import template
from twinlib.statements.stored import activity_mix, load_intake
from twinlib.statements.workbook import ACTIVITIES, REL_HEADER, ROLES, STATUS_WORDS, TRAVEL_HEADER, intake_dir

__all__ = ["ACTIVITIES", "REL_HEADER", "ROLES", "STATUS_WORDS", "TRAVEL_HEADER", "activity_mix", "contribute",
           "contributions", "import_workbook", "intake_dir", "load_intake", "template"]
