"""The playground's two views of backpropagation: the stepper and the derivative test.

* ``stepper``: the graph of the network's computation on ONE sample, each neuron
  expanded into its weighted sum ``z = w·x + b`` (an ``autograd.dot`` node) and its
  activation ``a = act(z)`` (a node of its own, where nn would fuse the two), then the
  loss; and every chain-rule step backward takes on it, from ``autograd.explain``.
* ``derivative``: ∂loss/∂w for one weight from backpropagation, and the article's test
  of it: nudge w by ε, measure the loss again, and compare the measured change with
  the predicted one, grad × ε.

Both work on a session's ``snapshot()``, so training can go on meanwhile.
"""

from __future__ import annotations

import math
from typing import Any

from session import Session, float_loss, penalty
from settings import BadInput

import autograd
import nn
from autograd import Value


def _where(model: nn.MLP) -> dict[Value, dict[str, Any]]:
    """Each parameter's place in the network: layer, neuron, and input index or "bias"."""
    places: dict[Value, dict[str, Any]] = {}
    for i, layer in enumerate(model.layers):
        for j, neuron in enumerate(layer.neurons):
            for k, w in enumerate(neuron.w):
                places[w] = {"layer": i, "neuron": j, "input": k}
            places[neuron.b] = {"layer": i, "neuron": j, "input": "bias"}
    return places


def _sample(twin: Session, sample: object) -> int:
    n = len(twin.X_train)
    if isinstance(sample, bool) or not isinstance(sample, int) or not 0 <= sample < n:
        raise BadInput("sample", f"a whole number from 0 to {n - 1} (a training point)", sample)
    return sample


def stepper(twin: Session, sample: object) -> dict[str, Any]:
    """The expanded graph for one training sample and backward's steps on it, as JSON."""
    index = _sample(twin, sample)
    names = twin.settings.features
    values = [Value(v, name) for v, name in zip(twin.X_train[index], names)]
    act = nn.ACTIVATIONS[twin.settings.activation][0]
    last = len(twin.model.layers) - 1
    for i, layer in enumerate(twin.model.layers):
        outputs = []
        for j, neuron in enumerate(layer.neurons):
            z = autograd.dot(neuron.w, values, neuron.b)
            z.label = "score" if i == last else f"z{i + 1}.{j + 1}"
            if i < last and twin.settings.activation != "linear":
                z = act(z)
                z.label = f"a{i + 1}.{j + 1}"
            outputs.append(z)
        values = outputs
    target = twin.y_train[index]
    loss = twin.loss_fn(values, [target])
    loss.label = "loss"
    steps = autograd.explain(loss)
    places = _where(twin.model)
    order = autograd.topological_order(loss)
    drawn = [v for v in order if v not in places and (v.parents or v.label in names)]
    ids = {v: k for k, v in enumerate(drawn)}
    column: dict[Value, int] = {}
    nodes = []
    for v in drawn:
        column[v] = 1 + max((column[p] for p in v.parents if p in column), default=-1)
        op = v.op.name if v.op is not None and v.parents else ""
        kind = {"": "input", "dot": "sum"}.get(op, "op")
        if v.label.startswith("a") and v.label[1:2].isdigit():
            kind = "act"
        nodes.append(
            {
                "id": ids[v],
                "label": v.label or op,
                "op": op,
                "data": v.data,
                "kind": kind,
                "col": column[v],
                "parents": [ids[p] for p in v.parents if p in ids],
                "weights": [places[p] for p in v.parents if p in places],
            }
        )

    def name(v: Value) -> str:
        if v in ids:
            return nodes[ids[v]]["label"]  # type: ignore[no-any-return]
        return v.label if v in places else "a constant"

    return {
        "sample": index,
        "point": twin.points_train[index],
        "target": target,
        "loss": loss.data,
        "nodes": nodes,
        "steps": [
            {
                "node": ids[s.node],
                "parent": ids.get(s.parent),
                "param": places.get(s.parent),
                "node_label": name(s.node),
                "parent_label": name(s.parent),
                "local": s.local_grad,
                "upstream": s.upstream,
                "contribution": s.contribution,
                "total": s.total,
            }
            for s in steps
        ],
    }


def _objective_floats(twin: Session) -> float:
    """The training objective (mean loss over the training set + regularization), on floats."""
    scores = [twin.model.forward_floats(x)[0] for x in twin.X_train]
    extra = penalty(twin.settings, twin.params)
    loss = float_loss(twin.settings, scores, twin.y_train)
    return loss + (extra.data if isinstance(extra, Value) else extra)


def derivative(twin: Session, request: dict[str, Any]) -> dict[str, Any]:
    """∂objective/∂w for the weight a request names, and the nudge test with its ``eps``.

    Raises:
        BadInput: for a weight that does not exist or an eps outside [-1, 1] or near 0.
    """
    w = twin.parameter(request)
    eps = request.get("eps", 1e-5)
    ok = isinstance(eps, int | float) and not isinstance(eps, bool)
    if not ok or not math.isfinite(eps) or not 1e-6 <= abs(eps) <= 1:  # type: ignore[arg-type]
        raise BadInput("eps", "a number with 1e-06 <= |eps| <= 1", eps)
    eps = float(eps)  # type: ignore[arg-type]
    objective = twin.loss_fn([twin.model(x) for x in twin.X_train], twin.y_train)
    objective = objective + penalty(twin.settings, twin.params)
    twin.model.zero_grad()
    objective.backward()
    before, kept = _objective_floats(twin), w.data
    w.data = kept + eps
    after = _objective_floats(twin)
    w.data = kept
    return {
        "parameter": w.label,
        "value": kept,
        "grad": w.grad,
        "eps": eps,
        "loss": before,
        "nudged_loss": after,
        "predicted": w.grad * eps,
        "measured": after - before,
    }
