"""Run every benchmark module in turn and print its figures."""

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    names = sorted(
        info.name
        for info in pkgutil.iter_modules([str(Path(__file__).parent)])
        if info.name.startswith("bench_")
    )
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name.removeprefix('bench_')} ==", flush=True)
        module.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
