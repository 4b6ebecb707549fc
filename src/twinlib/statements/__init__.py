"""The municipality's own word as stored: the intake workbook's format (workbook), its limits, the
stored import (stored, swapped in by staging) and the overlay that lays it over the processed
relations wherever the tables are loaded (tables/data.py).

It sits below `tables` (which applies the overlay) and below `intake` (which writes and imports the
workbooks), so that nothing imports upward: the reading side of the intake lives here, the workbook
side in intake/.
"""
