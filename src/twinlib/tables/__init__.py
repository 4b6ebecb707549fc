"""The processed tables as every later stage reads them: loaded and verified against the manifest
once (data, integrity), the municipality lookup, and readers of the reference files (survey).
"""
