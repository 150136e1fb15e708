"""The core: what a workshop is and what is made of it, without Sphinx.

The model and its queries, the changes between two versions, the review
round, the logical framework, the questionnaire's answers, the follow-up's
reporting, the exports and the language rules. Nothing here imports Sphinx,
docutils or ReportLab (a test holds it to that): another CHM project reads a
``chmdocs.json`` with this layer alone.
"""
