"""The API's plumbing: errors, tokens, the record version, sync, caching, CSV, shared types.

It knows no domain app: `relations` and `articles` mount their routers on `api.site.api`
(through config) and register the tables whose changes it reports (`api.caching`).
"""
