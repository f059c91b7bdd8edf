"""Settings for the API bench only: the product's, a bench database and the reference views.

Never used by the product: `bench/bench_api.py` serves the project under these to measure it.
"""

import os

from config.settings import *  # noqa: F403
from config.settings import DATABASES, envbool

# A database of the bench's own, created and dropped by bench/bench_api.py on the same server.
DATABASES["default"]["NAME"] = os.environ.get("BENCH_DATABASE_NAME", "bench_api")
DATABASES["default"].pop("TEST", None)

# The product's URLs plus the two reference views the API is compared with.
ROOT_URLCONF = "bench.urls"

# The bench measures the API with its response cache and without.
API_RESPONSE_CACHE = envbool("BENCH_API_RESPONSE_CACHE", "True")
