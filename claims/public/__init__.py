"""The public site: what readers and search engines see.

``selectors`` holds every public read (published verdicts only), ``caching`` the
conditional GETs and anonymous page cache, ``views`` the pages, ``feeds`` the
Atom feed, ``sitemaps`` the sitemap sections, ``claimreview`` the schema.org
ClaimReview markup and ``claimreview_feed`` its paged feed. May import the claims
core, events and search; must not import the review pages or the API.
"""
