# ---
# jupyter:
#   jupytext:
#     formats: py:percent,ipynb
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # A tour of pigrad: Wang Xiaoer's pigs and deep learning
#
# This notebook follows the article *"Wang Xiaoer sells pigs": on the derivative of deep
# learning* idea by idea: a derivative is a rate of change; a partial derivative is the rate
# of change for one variable; a network's partials come from the chain rule, right to left;
# activation functions bend the network; a learning coefficient decides how far each step
# moves; and training must avoid both under-fitting and over-fitting.
#
# Every number below is computed by pigrad, a small engine in pure Python. Run the cells
# from top to bottom.

# %%
# %matplotlib inline
import itertools

import matplotlib.pyplot as plt

import autograd
import nn
from autograd import Value

# %% [markdown]
# ## 1. A derivative is a rate of change
#
# Wang Xiaoer sold 80 pigs the year before last, 90 last year and 100 this year: 10 more
# pigs a year. With `y = 10x + 30` (30 pigs in the first year, 10 more each year), the
# derivative `dy/dx` is 10. pigrad finds it by *backpropagation*: compute `y` from a `Value`,
# call `y.backward()`, read `x.grad`.

# %%
sales = [80, 90, 100]
print("growth per year:", [b - a for a, b in itertools.pairwise(sales)])

x = Value(2.0, label="x")
y = 10 * x + 30
y.backward()
print("dy/dx =", x.grad, "pigs a year")


# %% [markdown]
# When growth is not constant, as in `y = 5x² + 30`, the rate of change depends on the
# year: `dy/dx = 10x`. The oldest way to see it: move `x` by a small step `h` and divide the
# change in `y` by `h`. As `h` shrinks, that quotient approaches the derivative.


# %%
def f(x):
    return 5 * x**2 + 30


for year in [1.0, 2.0, 3.0]:
    x = Value(year, label="x")
    f(x).backward()
    quotients = [round((f(year + h) - f(year)) / h, 4) for h in (1, 0.1, 0.01, 0.001)]
    print(f"x = {year}: backprop {x.grad}, 10x = {10 * year}, quotients {quotients}")

# %%
# The curve and its tangent lines: the slope of each tangent is the derivative 10x.
xs = [i / 10 for i in range(0, 51)]
fig, ax = plt.subplots(figsize=(5, 3.5))
ax.plot(xs, [f(t) for t in xs], label="y = 5x² + 30")
for year in [1.0, 2.0, 3.0, 4.0]:
    x = Value(year)
    f(x).backward()
    near = [year - 0.8, year + 0.8]
    tangent = [f(year) + x.grad * (t - year) for t in near]
    ax.plot(near, tangent, "--", label=f"slope {x.grad:g} at x={year:g}")
ax.set_xlabel("year x")
ax.set_ylabel("pigs y")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# ## 2. Partial derivatives
#
# Wang Xiaoer's business grows: sales now depend on the year `x1`, the farm area `x2` and
# the number of employees `x3`: `y = 5x1² + 8x2 + 35x3 + 30`. A *partial* derivative is the
# rate of change for one variable while the others are held still (so they count as
# constants, whose rate of change is 0). One `backward()` gives all three:
# `(10x1, 8, 35)`.

# %%
x1, x2, x3 = Value(3.0, "x1"), Value(2.0, "x2"), Value(10.0, "x3")
y = 5 * x1**2 + 8 * x2 + 35 * x3 + 30
y.label = "y"
y.backward()
print("partials:", x1.grad, x2.grad, x3.grad)
print(f"each extra employee sells {x3.grad:g} more pigs")

# %% [markdown]
# ### The computation graph
#
# `backward()` walks the graph that computed `y`, from the result back to the inputs. Each
# arrow carries the *local* derivative of one step; a box's `grad` is the sum, over its
# outgoing arrows, of (number on the arrow × grad of the result it feeds).

# %%
autograd.draw_graph(y, collapse_constants=True)

# %% [markdown]
# ### The second derivative
#
# The rate of change of the rate of change: differentiate `dy/dx = 10x` once more and get 10.
# `autograd.grad(..., create_graph=True)` returns the derivative as a `Value` with its own
# graph, so it can be differentiated again.

# %%
x = Value(3.0, label="x")
dy_dx = autograd.grad(5 * x**2 + 30, x, create_graph=True)
d2y_dx2 = autograd.grad(dy_dx, x)
print("dy/dx =", dy_dx.data, " d²y/dx² =", d2y_dx2.data)

# %% [markdown]
# ## 3. The chain rule, right to left
#
# ([docs/article.md](../docs/article.md#the-chain-rule-from-right-to-left) retells this part
# of the article, with pictures of the partial derivatives for one output and for several.)
#
# A network is a chain of simple steps: weighted sums (linear, so their local derivative is
# just the weight or the input) and activations (for a sigmoid, `f(1 - f)`). The partial
# derivative of the error with respect to a weight deep inside is the *product* of the local
# derivatives along the path from the error back to that weight. With several outputs, the
# weight reaches the error along several paths, and the partial is the *sum* of the path
# products. Every node stores its local derivatives in `local_grads`.

# %%
x = Value(1.5, "x")
w, v = Value(0.4, "w"), Value(0.9, "v")
h = (w * x).sigmoid()
h.label = "h"
out = (v * h).sigmoid()
out.label = "out"
error = (out - 1.0) ** 2
error.label = "E"
error.backward()

# right to left: dE/dout * dout/d(v*h) * d(v*h)/dh * dh/d(w*x) * d(w*x)/dw
by_hand = 2 * (out.data - 1.0) * out.data * (1 - out.data) * v.data * h.data * (1 - h.data) * x.data
print(f"product of local derivatives: {by_hand:.6f}   backward(): {w.grad:.6f}")
autograd.draw_graph(error, params=[w, v])  # w and v are the weights: drawn yellow

# %%
# Every chain-rule step backward() takes, in its order: the arrow's local derivative
# times the gradient arriving from the right, added up at each parent.
autograd.explain(error)

# %%
# Several outputs: the table of partials of each output for each input.
a, b = Value(1.0, "a"), Value(2.0, "b")
outputs = [(a * b).tanh(), (a + 3 * b).sigmoid()]
autograd.jacobian(outputs, [a, b])

# %% [markdown]
# ### Inside the engine: the whole of backpropagation on one screen
#
# [`autograd/reference.py`](../autograd/reference.py) is the engine written plainly, in
# under 150 lines: a `Value` keeps its parents and one local derivative per parent, and
# `backward()` walks the graph from the result back, each node passing
# `local derivative × its own grad` to its parents. Here is that method, and the
# reference engine computing the pig-sales partials with the same numbers as the fast one.

# %%
import inspect

from autograd import reference

print(inspect.getsource(reference.Value.backward))
slow = [reference.Value(3.0), reference.Value(2.0), reference.Value(10.0)]
fast = [Value(3.0), Value(2.0), Value(10.0)]
for x1, x2, x3 in (slow, fast):
    (5 * x1**2 + 8 * x2 + 35 * x3 + 30).backward()
print("reference engine:", [v.grad for v in slow], "  fast engine:", [v.grad for v in fast])

# %% [markdown]
# ## 4. Activation functions
#
# Without a bend after each weighted sum, a stack of layers is still a single straight-line
# function. The article's bends: the sigmoid (`f' = f(1 - f)`), ReLU (0 for `x < 0`, `x`
# otherwise), your own ReLU with `0.01x` for negative inputs (leaky ReLU), and tanh. You can
# also define your own with `autograd.custom_op`, giving its forward function and its
# derivative; `autograd.gradcheck` compares that derivative with central differences.

# %%
for t in [-2.0, 0.0, 2.0]:
    x = Value(t)
    s = x.sigmoid()
    s.backward()
    fx = s.data
    print(f"x = {t:+}: sigmoid {fx:.4f}, backprop {x.grad:.4f}, f(1-f) {fx * (1 - fx):.4f}")

# %%
import math

# softplus log(1 + e^x), a smooth ReLU; its derivative is the sigmoid, i.e. 1 - e^-out
softplus = autograd.custom_op(
    "softplus", lambda x: math.log1p(math.exp(x)), lambda out, x: 1 - math.e ** (-out)
)
print(autograd.gradcheck(lambda x: softplus(x), [0.5], second_order=True))

names = {
    "sigmoid": Value.sigmoid,
    "relu": Value.relu,
    "leaky_relu": lambda v: v.leaky_relu(0.01),
    "tanh": Value.tanh,
    "softplus": softplus,
}
xs = [i / 10 - 3 for i in range(61)]
fig, axes = plt.subplots(1, 2, figsize=(9, 3.2))
for name, fn in names.items():
    values, slopes = [], []
    for t in xs:
        x = Value(t)
        y = fn(x)
        y.backward()
        values.append(y.data)
        slopes.append(x.grad)
    style = "--" if name == "relu" else "-"  # dashed: leaky_relu's line would hide it
    axes[0].plot(xs, values, style, label=name)
    axes[1].plot(xs, slopes, style, label=name)
axes[0].set_title("f(x)")
axes[1].set_title("f'(x), by backprop")
axes[1].legend(fontsize=8)
plt.show()

# %% [markdown]
# ## 5. A network
#
# ([docs/article.md](../docs/article.md#a-network-with-hidden-layers) has the article's
# picture of a network with several hidden layers, drawn by pigrad.)
#
# A neural network is layers of neurons. Each neuron takes a weighted sum of its inputs
# plus a bias, then bends it with an activation. The input layer holds the "first love"
# factors, hidden layers do the "running in", the output layer gives the answer.
# `nn.MLP(2, [4, 1])` has 2 inputs, a hidden layer of 4 neurons and 1 output.

# %%
import nn.data
import nn.plot
import nn.train

model = nn.MLP(2, [4, 1], activation="tanh", seed=0)
print(model)
model.diagram()

# %% [markdown]
# ## 6. Linear inseparability: why hidden layers
#
# "Deep learning uses neural networks to solve the problem of linear inseparability." XOR
# is the smallest such problem: no straight line separates its two classes. A network
# with no hidden layer draws a straight line, so it could get at most 3 of the 4 points
# right. Trained, it does not even do that: every line gets some point wrong, so the loss is
# lowest when it scores all four points 0, "no idea" (a probability of 0.5). Its accuracy
# then only says on which side of 0 the tiny leftover scores happened to fall: chance.
# One hidden layer bends the boundary and solves it.

# %%
X, y = nn.data.xor()
for hidden in ([], [4]):
    net = nn.MLP(2, [*hidden, 1], activation=["tanh"] * len(hidden), seed=0)
    nn.train.fit(
        net,
        X,
        y,
        loss="binary_cross_entropy",
        optimizer=nn.Adam(net.parameters(), lr=0.1),
        epochs=150,
        progress=False,
    )
    scores = ", ".join(f"{s:+.4f}" for s in nn.train.predict(net, X))
    print(f"hidden layers {hidden}: scores {scores}, accuracy {nn.train.accuracy(net, X, y):.0%}")
nn.plot.plot_decision_boundary(net, X, y, title="one hidden layer solves XOR")

# %% [markdown]
# ## 7. Training: adjust every weight against its partial derivative
#
# Training is the article's "running in": show the network examples with the right answers,
# measure the gap (the *loss*), find the partial derivative of the loss with respect to
# every weight (one `backward()`), and move each weight a little the other way. Here is one
# step written out by hand, then `nn.train.fit`, which repeats it, on micrograd's two moons.

# %%
X, labels = nn.data.moons(n=100, noise=0.1, seed=1)
y = nn.data.to_pm1(labels)  # the hinge loss wants -1/+1
model = nn.MLP(2, [16, 16, 1], seed=0)

loss = nn.hinge([model(x) for x in X], y)  # one step by hand
model.zero_grad()
loss.backward()
for p in model.parameters():
    p.data -= 0.5 * p.grad  # the learning coefficient: 0.5
after = nn.train.evaluate(model, X, y, loss="hinge")
print(f"loss before the step {loss.data:.4f}, after {after:.4f}")

# %% [markdown]
# Why `model.zero_grad()` before `backward()`? Because `backward()` *adds* to `.grad`
# (a weight used in several places needs the sum over all its paths). Forget to clear it and
# each step's partial derivatives pile on top of the last step's: the weights move by the
# sum of all the slopes so far, not by the current one.

# %%
w = Value(3.0, label="w")
for step in (1, 2):
    loss_w = w**3  # d(w³)/dw = 3w² = 27 at w = 3
    loss_w.backward()
    print(f"backward() number {step} without zero_grad: w.grad = {w.grad}")
autograd.zero_grad([w])  # what model.zero_grad() does for every weight
(w**3).backward()
print(f"after zero_grad, then backward(): w.grad = {w.grad}")

# %%
X_train, X_test, y_train, y_test = nn.data.train_test_split(X, y, test_fraction=0.25)
history = nn.train.fit(
    model,
    X_train,
    y_train,
    loss="hinge",
    optimizer=nn.SGD(model.parameters(), lr=1.0),
    schedule=nn.LinearDecay(1.0, 0.1, 40),
    l2=1e-4,
    epochs=40,
    validation=(X_test, y_test),
    progress=False,
)
print(history.message)
print(f"test accuracy {nn.train.accuracy(model, X_test, y_test):.0%}")
nn.plot.plot_history(history)

# %%
nn.plot.plot_decision_boundary(model, X, y, title="two moons")

# %% [markdown]
# ### Regression: the pig-sales curve, learned
#
# The farmer sold `5x² + 30` pigs in year `x`. A network can learn that curve from noisy
# samples without being told about squares, once the numbers are near 1: on raw pigs (in
# the hundreds) `fit` warns and names `nn.data.Standardizer`. Standardize the years and
# the pigs, train, and turn the answers back into pigs with `inverse_transform`.

# %%
X, pigs = nn.data.pig_sales("quadratic", n=40, noise=5.0, seed=0)  # years 0..10
years, sold = nn.data.Standardizer().fit(X), nn.data.Standardizer().fit(pigs)
curve = nn.MLP(1, [8, 1], activation="tanh", seed=0)
nn.train.fit(
    curve,
    years.transform(X),
    sold.transform(pigs),
    optimizer=nn.Adam(curve.parameters(), lr=0.05),
    epochs=200,
    progress=False,
)
asked = [[0.0], [5.0], [10.0]]
answers = sold.inverse_transform(nn.train.predict(curve, years.transform(asked)))
for (year,), p in zip(asked, answers):
    print(f"year {year:g}: {p:.0f} pigs (the curve says {5 * year**2 + 30:g})")
nn.plot_fit(curve, X, pigs, x_scaler=years, y_scaler=sold, title="5x² + 30, learned")

# %% [markdown]
# ### The chain rule inside a neuron
#
# `nn` computes a neuron, `tanh(w·x + b)`, as one node. `expand_neurons=True` draws it as
# its two steps: the weighted sum (arrows: ∂(w·x+b)/∂in) and then tanh (arrow: its slope).
# Multiply the two numbers on a path and you get the one-node arrow.

# %%
small = nn.MLP(2, [2, 1], activation="tanh", seed=1)
small.graph([0.5, -1.0], backward=True, expand_neurons=True)

# %% [markdown]
# ## 8. The learning coefficient
#
# How big a step? "Multiply by a percentage: the learning coefficient", and it can change
# as training goes on. Too small creeps; too large overshoots further each step and the
# loss explodes (when it grows a million times over, `fit` stops, puts back the weights
# from the last good epoch and says so: the plot shows only the epochs it finished, a dot
# each); a rate that decays takes big steps first and small ones to finish.

# %%
import warnings

Xs, ys = nn.data.pig_sales("quadratic", n=60, noise=5.0, seed=0)
Xs = nn.data.Standardizer().fit_transform(Xs)
ys = nn.data.Standardizer().fit_transform(ys)  # a plain list of targets stays a list
runs = {
    "0.001": (0.001, None),
    "0.03": (0.03, None),
    "0.5": (0.5, None),
    "0.2 decaying": (0.2, nn.LinearDecay(0.2, 0.01, 150)),
}
fig, ax = plt.subplots(figsize=(6, 3.5))
for name, (lr, schedule) in runs.items():
    net = nn.MLP(1, [8, 8, 1], activation="tanh", seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the diverging run warns
        h = nn.train.fit(
            net,
            Xs,
            ys,
            optimizer=nn.SGD(net.parameters(), lr=lr),
            schedule=schedule,
            epochs=25,
            batch_size=10,
            progress=False,
        )
    print(f"lr {name:<13} {h.message}")
    # only the losses fit measured: a run that diverged stops at its last good epoch
    style, note = ("o-", f": diverged in epoch {h.epochs + 1}") if h.diverged else ("-", "")
    ax.plot(range(1, h.epochs + 1), h.train_loss, style, label=f"lr {name}{note}")
ax.set_yscale("log")
ax.set_xlabel("epoch")
ax.set_ylabel("training loss")
ax.legend()
plt.show()

# %% [markdown]
# ## 9. SGD, mini-batches and epochs
#
# An *epoch* is one pass over the training set. Full-batch gradient descent takes one step
# per epoch (the gradient over every sample); mini-batch SGD takes a step every few
# samples (`batch_size=16`); batch size 1 takes a step per sample. Same learning rate, more
# steps per epoch: the loss falls faster per epoch (`.venv/bin/python demos/batches.py`
# times them).

# %%
Xm, ym = nn.data.moons(n=64, noise=0.1, seed=2)
for batch_size in (None, 16, 1):
    net = nn.MLP(2, [8, 8, 1], activation="tanh", seed=0)
    h = nn.train.fit(
        net,
        Xm,
        ym,
        loss="binary_cross_entropy",
        optimizer=nn.SGD(net.parameters(), lr=0.05),
        epochs=10,
        batch_size=batch_size,
        progress=False,
    )
    print(f"batch size {batch_size or 'all'}: loss after 10 epochs {h.train_loss[-1]:.4f}")

# %% [markdown]
# ## 10. Under-fitting and over-fitting
#
# Under-fitting: a model too simple (or trained too little) is bad on the training set and
# on the test set. Over-fitting: "the training set works well, but the test set doesn't".
# A big network on 12 noisy samples threads through every one of them; l2 (weight decay)
# or early stopping bring it back (`.venv/bin/python demos/fitting.py` shows all five cases).

# %%
train = nn.data.pig_sales("quadratic", n=12, noise=25.0, seed=1)
test = nn.data.pig_sales("quadratic", n=200, noise=25.0, seed=2)
sx = nn.data.Standardizer().fit(train[0])
sy = nn.data.Standardizer().fit(train[1])
train, test = [(sx.transform(X), sy.transform(y)) for X, y in (train, test)]
for name, sizes, l2 in [
    ("under-fit", [1], 0.0),
    ("good", [4, 1], 0.0),
    ("over-fit", [16, 16, 1], 0.0),
    ("over-fit + l2", [16, 16, 1], 1e-3),
]:
    net = nn.MLP(1, sizes, activation=["tanh"] * (len(sizes) - 1), seed=0)
    nn.train.fit(
        net, *train, optimizer=nn.Adam(net.parameters(), lr=0.1), epochs=300, l2=l2, progress=False
    )
    print(
        f"{name:<14} train loss {nn.train.evaluate(net, *train):.4f}"
        f"   test loss {nn.train.evaluate(net, *test):.4f}"
    )
nn.plot.plot_fit(
    net, *train, title="1-16-16-1 with l2", xlabel="year (scaled)", ylabel="pigs (scaled)"
)

# %% [markdown]
# ## 11. Initial parameters
#
# "How to define the initial model and parameters?" If every hidden neuron starts equal
# (all zeros), they get equal gradients and stay twins forever: 8 neurons learn what 1
# would. Random starts break the symmetry; their size (`uniform`, `xavier`, `he`) decides
# whether the signal explodes, fades or stays steady through a deep network
# (`.venv/bin/python demos/init.py`).

# %%
X, y = nn.data.xor()
for init in ("zeros", "uniform"):
    net = nn.MLP(2, [8, 1], activation="sigmoid", init=init, seed=0)
    nn.train.fit(
        net,
        X,
        y,
        loss="binary_cross_entropy",
        optimizer=nn.Adam(net.parameters(), lr=0.1),
        epochs=150,
        progress=False,
    )
    twins = {tuple(p.data for p in n.w) for n in net.layers[0].neurons}
    print(
        f"init={init!r}: {len(twins)} distinct hidden neuron(s) of 8, "
        f"accuracy {nn.train.accuracy(net, X, y):.0%}"
    )

# %% [markdown]
# ## Where next
#
# Each idea has a script in `demos/` that prints the article's numbers and saves pictures
# (`make demo` runs them all into `out/`; `.venv/bin/python demos/NAME.py` runs one):
# `pig_sales.py`, `chain_rule.py`, `activations.py`, `xor.py`, `moons.py`,
# `learning_rate.py`, `batches.py`, `fitting.py`, `init.py`.
