"""Run every demo in turn (what `make demo` does) and say where the pictures went.

Each demo is a script with a ``main(argv)`` that prints what it teaches, saves its
pictures into ``--out`` and returns its key numbers.  This runner loads each one from its
file, calls ``main``, times it, and lists the pictures at the end.

Run: python demos/run_all.py [--out DIR] [--quick]
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

import common  # the demos' shared plumbing: --out/--quick, the out folder, saving figures

# In the order of the article: derivatives, the chain rule, activation functions, why
# hidden layers, training, the learning coefficient, batches, fitting, initial values.
DEMOS = [
    "pig_sales",
    "chain_rule",
    "activations",
    "xor",
    "moons",
    "learning_rate",
    "batches",
    "fitting",
    "init",
]

HERE = Path(__file__).resolve().parent


def load_demo(name: str) -> ModuleType:
    """Import ``demos/NAME.py`` as a module (demos is a folder of scripts, not a package).

    The demos import their shared ``common.py`` by name, which works because this folder is
    on ``sys.path``: Python puts it there when it runs ``demos/run_all.py``.
    """
    path = HERE / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"pigrad_demo_{name}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load demo {name!r} from {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> dict[str, float]:
    """Run the demos; return the seconds each one took."""
    parser = common.argument_parser(__doc__, quick_help="fast versions of every demo")
    parser.add_argument("demos", nargs="*", help=f"which demos (default: all of {DEMOS})")
    args = parser.parse_args(argv)
    unknown = [name for name in args.demos if name not in DEMOS]
    if unknown:
        parser.error(f"unknown demo(s) {unknown}; choose from {DEMOS}")
    out = common.out_dir(args).resolve()
    seconds: dict[str, float] = {}
    for name in args.demos or DEMOS:
        print(f"\n=== demos/{name}.py ===", flush=True)
        started = time.perf_counter()
        load_demo(name).main(["--out", str(out), *(["--quick"] if args.quick else [])])
        seconds[name] = time.perf_counter() - started
        print(f"({seconds[name]:.1f} s)", flush=True)
    print("\nSeconds per demo: " + ", ".join(f"{k} {v:.1f}" for k, v in seconds.items()))
    print(f"Total: {sum(seconds.values()):.1f} s")
    pictures = sorted(p.name for p in out.iterdir() if p.suffix == ".png")
    print(f"Pictures written to {out}/: {', '.join(pictures) or 'none'}")
    return seconds


if __name__ == "__main__":
    main(sys.argv[1:])
