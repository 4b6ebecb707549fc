"""Figures: maps of partner arcs, the Danish choropleth, their labels and geometry, and charts.
Style is applied by a call, never on import.
"""
