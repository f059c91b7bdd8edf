"""The analysts' browser: every list narrowed down by facets, searched, ordered, paged, and
exported as CSV, with its state in the URL (as Datasette does for any table).

`lists` says what each list offers (facets, columns, search, CSV columns, API parameters),
`state` reads a request's query into a validated state and writes URLs back, `views` serves
the pages, `compare` the relationships side by side, and `pages` caches every page by the
record's version with ETag and 304.
"""
