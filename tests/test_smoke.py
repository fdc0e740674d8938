"""The README's first example, as printed."""

from autograd import Value


def test_readme_first_example() -> None:
    x = Value(3.0, label="x")
    y = 5 * x**2 + 30
    y.backward()
    assert (y.data, x.grad) == (75.0, 30.0)
