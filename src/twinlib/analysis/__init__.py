"""Analysis of the processed tables: pure DataFrame -> DataFrame functions.

metrics (counts, ranks, distributions, world-region mix), peers (the most similar
municipalities), recommend (the 2017 survey's six recommendations assessed), estimate (the
national total beyond the confirmed relations). Each counts only what vocab.current() allows.
"""
