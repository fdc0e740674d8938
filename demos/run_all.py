"""Run every demo in turn (what `make demo` does) and say where the pictures went.

Run: python demos/run_all.py [--out DIR] [--quick]
"""

from __future__ import annotations

import argparse
import runpy
import sys
import time
from pathlib import Path

DEMOS = ["pig_sales"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="out", help="folder for pictures")
    parser.add_argument("--quick", action="store_true", help="fast versions of every demo")
    args = parser.parse_args(argv)
    here = Path(__file__).resolve().parent
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    for name in DEMOS:
        print(f"\n=== demos/{name}.py ===", flush=True)
        started = time.perf_counter()
        extra = ["--quick"] if args.quick else []
        saved_argv = sys.argv
        sys.argv = [str(here / f"{name}.py"), "--out", str(out), *extra]
        try:
            runpy.run_path(str(here / f"{name}.py"), run_name="__main__")
        finally:
            sys.argv = saved_argv
        print(f"({time.perf_counter() - started:.1f} s)")
    pictures = sorted(p.name for p in out.iterdir() if p.is_file())
    print(f"\nPictures written to {out}/: {', '.join(pictures) or 'none'}")


if __name__ == "__main__":
    main()
