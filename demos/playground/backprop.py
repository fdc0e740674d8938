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

from typing import Any

from session import Session, data_loss, penalty
from settings import number, whole_number

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


def expanded_graph(twin: Session, index: int) -> tuple[Value, set[Value]]:
    """The loss on training sample ``index``, each neuron built as ``z = dot(w, x, b)``
    then ``a = act(z)`` (two nodes, so both chain-rule steps show); and the act nodes."""
    names = twin.settings.features
    values = [Value(v, name) for v, name in zip(twin.X_train[index], names)]
    act = nn.ACTIVATIONS[twin.settings.activation][0]
    last = len(twin.model.layers) - 1
    activations: set[Value] = set()
    for i, layer in enumerate(twin.model.layers):
        outputs = []
        for j, neuron in enumerate(layer.neurons):
            z = autograd.dot(neuron.w, values, neuron.b)
            z.label = "score" if i == last else f"z{i + 1}.{j + 1}"
            if i < last and twin.settings.activation != "linear":
                z = act(z)
                z.label = f"a{i + 1}.{j + 1}"
                activations.add(z)
            outputs.append(z)
        values = outputs
    loss = twin.loss_fn(values, [twin.y_train[index]])
    loss.label = "loss"
    return loss, activations


def stepper(twin: Session, sample: object) -> dict[str, Any]:
    """The expanded graph for one training sample and backward's steps on it, as JSON.

    Nodes are the inputs and every operation (weights and biases are not nodes: the
    page draws them as the arrows into each weighted sum), each with the column the
    page draws it in (one more than its furthest parent).  Steps are
    ``autograd.explain(loss)``, naming the node and the parent (an id, or the
    weight's place in the network).
    """
    index = whole_number("sample", sample, 0, len(twin.X_train) - 1, " (a training point)")
    loss, activations = expanded_graph(twin, index)
    places = _where(twin.model)
    inputs = set(twin.settings.features)
    drawn = [
        v
        for v in autograd.topological_order(loss)
        if v not in places and (v.parents or v.label in inputs)
    ]
    ids = {v: k for k, v in enumerate(drawn)}
    labels: dict[Value, str] = {}
    column: dict[Value, int] = {}
    nodes = []
    for v in drawn:
        column[v] = 1 + max((column[p] for p in v.parents if p in column), default=-1)
        op = v.op.name if v.op is not None and v.parents else ""
        labels[v] = v.label or op
        kind = "act" if v in activations else {"": "input", "dot": "sum"}.get(op, "op")
        nodes.append(
            {
                "id": ids[v],
                "label": labels[v],
                "op": op,
                "data": v.data,
                "kind": kind,
                "col": column[v],
                "parents": [ids[p] for p in v.parents if p in ids],
                "weights": [places[p] for p in v.parents if p in places],
            }
        )

    def name(v: Value) -> str:
        return labels.get(v) or (v.label if v in places else "a constant")

    return {
        "sample": index,
        "point": twin.points_train[index],
        "target": twin.y_train[index],
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
            for s in autograd.explain(loss)
        ],
    }


def _objective_floats(twin: Session) -> float:
    """The training objective (mean loss over the training set + regularization), on floats."""
    extra = penalty(twin.settings, twin.params)
    loss = data_loss(twin.settings, twin.model, twin.X_train, twin.y_train)
    return loss + (extra.data if isinstance(extra, Value) else extra)


def derivative(twin: Session, request: dict[str, Any]) -> dict[str, Any]:
    """∂objective/∂w for the weight a request names, and the nudge test with its ``eps``.

    Raises:
        BadInput: for a weight that does not exist or an eps outside [-1, 1] or near 0.
    """
    w = twin.parameter(request)
    allowed = "a number with 1e-06 <= |eps| <= 1"
    eps = number("eps", request.get("eps", 1e-5), allowed, lambda v: 1e-6 <= abs(v) <= 1)
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
