"""Pure-Python text core: anchoring claims in article text, splitting the text
into highlighted segments, and rendering reviewers' Markdown safely.

May import: the standard library, small text libraries (rapidfuzz, nh3,
markdown-it-py) and ``claims.extraction``. Must not import Django or any
Django app module: these functions are fast to test and reusable anywhere.
"""
