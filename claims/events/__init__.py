"""Events: the same story told by several outlets.

``grouping`` proposes which articles report one event (fingerprints of places,
model names and dates), ``consistency`` matches claims across them and finds
figures that disagree, ``charts`` draws figures over time (these three are pure
Python). ``services`` writes events, matches and flags; ``selectors`` reads what
the event pages show. May import the claims core (models, permissions,
queue_state, extraction); must not import the review, public or API packages.
"""
