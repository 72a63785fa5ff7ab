"""The reviewers' pages under /review/: one module per page (queue, articles,
claims, verdicts, events), the shared access checks in ``common``, the forms and
the URL conf.

Every view is thin: it checks that the user may see the object (one helper
per object), parses a form, calls a service, then redirects (after a write) or
renders. Refused writes come back as form errors or messages, never as an error
page. Everything works without JavaScript; static/js/review.js only adds
selection, shortcuts and previews. May import the claims core, events, search
and articles; must not import the public site or the API.
"""
