"""Rate of change with Wang Xiaoer's pigs: the article's derivatives, computed by pigrad.

Run: python demos/pig_sales.py [--out DIR] [--quick]
"""

from __future__ import annotations

import argparse

from autograd import Value


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="out", help="folder for pictures")
    parser.add_argument("--quick", action="store_true", help="a fast run, for the tests")
    parser.parse_args(argv)

    x = Value(2.0, label="x")
    y = 10 * x + 30
    y.backward()
    print(f"y = 10x + 30: dy/dx = {x.grad:g} pigs a year")

    for year in (1.0, 2.0, 3.0):
        x = Value(year, label="x")
        y = 5 * x**2 + 30
        y.backward()
        print(f"y = 5x² + 30 at x = {year:g}: dy/dx = {x.grad:g} (10x = {10 * year:g})")

    x1, x2, x3 = Value(2.0, "x1"), Value(3.0, "x2"), Value(4.0, "x3")
    y = 5 * x1**2 + 8 * x2 + 35 * x3 + 30
    y.backward()
    print(
        f"y = 5x1² + 8x2 + 35x3 + 30: partials ({x1.grad:g}, {x2.grad:g}, {x3.grad:g});"
        f" each extra employee sells {x3.grad:g} more pigs"
    )


if __name__ == "__main__":
    main()
