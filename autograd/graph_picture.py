"""One computation-graph picture being drawn: its boxes, circles, arrows and caption.

``autograd.draw_graph`` checks its options, picks the Values to show and hands them to a
``GraphPicture``, which draws each Value as a box, each operation as a circle with an
arrow from each input labelled with its local derivative, and the caption that says
how to read them.  (``draw.py``'s docstring describes the picture itself.)
"""

from __future__ import annotations

from typing import Any

from autograd import ops
from autograd.draw_neurons import neuron_symbol, neurons
from autograd.expand import neuron_steps
from autograd.fused import DOT
from autograd.labels import count_text, number_text, operation_label, plain_text, record_text
from autograd.numbers import as_float
from autograd.op import Op
from autograd.parameters import is_parameter
from autograd.roles import ROLE_COLOURS, ROLE_NAMES, ROLE_NOTES, role_of
from autograd.value import Value


class GraphPicture:
    """One drawing in progress: the options, the graphviz graph, and what it shows so far."""

    def __init__(
        self,
        roots: list[Value],
        param_set: set[Value] | None,
        digits: int,
        collapse_constants: bool,
        collapse_neurons: bool,
        expand_neurons: bool,
    ) -> None:
        self.roots, self.root_set, self.param_set = roots, set(roots), param_set
        self.digits = digits
        self.collapse_constants = collapse_constants
        self.collapse_neurons = collapse_neurons
        self.expand_neurons = expand_neurons
        self.kept_for: dict[Value, Value | None] = {}  # summarized: who each Value feeds
        self.boxes = self.circles = self.neuron_ops = self.notes = 0
        self.shown: set[str] = set()  # the roles drawn, for the caption's colour legend

    def folded(self, v: Value) -> bool:
        """Whether v is a constant written inside its operation instead of a box."""
        return self.collapse_constants and v.op is ops.CONST and not v.parents

    def expanded(self, v: Value) -> bool:
        """Whether v is a one-node neuron to draw as its two steps."""
        return self.expand_neurons and v.op is not None and v.op.activation is not None

    def boxes_of(self, values: list[Value]) -> int:
        """How many boxes drawing these Values takes, after the collapses asked for."""
        merged = neurons(values, self.roots) if self.collapse_neurons else {}
        weighted_sums = sum(1 for v in values if self.expanded(v) and v.parents)
        return sum(1 for v in values if not self.folded(v)) - len(merged) + weighted_sums

    def draw(self, order: list[Value], rankdir: str) -> Any:
        """The graph with a box per Value of order and a circle per operation."""
        from autograd.render import new_digraph

        g = self.g = new_digraph("computation_graph", rankdir=rankdir)
        g.attr("node", shape="record", style="filled", fontname="Helvetica", fontsize="12")
        g.attr("edge", fontname="Helvetica", fontsize="10", color="#555555")
        self.horizontal = "{%s}" if rankdir in ("LR", "RL") else "%s"
        self.ids = {v: f"v{i}" for i, v in enumerate(order)}
        self.merged = neurons(order, self.roots) if self.collapse_neurons else {}
        inside = set(self.merged.values())  # the dots drawn inside their neuron's operation
        # Leaves are "inputs" only when something says which leaves are parameters.
        leaves_known = self.param_set is not None or any(
            is_parameter(v) for v in order if not v.parents
        )
        for v in order:
            if (self.folded(v) and v not in self.root_set) or v in inside:
                continue
            self.boxes += 1
            role = "result" if v in self.root_set else role_of(v, self.param_set)
            if role == "input" and not leaves_known:
                role = "leaf"
            self.shown.add(role)
            label = [record_text(v.label)] if v.label else []
            self.box(self.ids[v], label + self.numbers(v.data, v.grad), role)
            if v.parents and v.op is not None:
                self.operation(v, v.op)
        return g

    def box(self, node_id: str, fields: list[str], role: str) -> None:
        """A Value's box, coloured by its role."""
        import graphviz

        extra = {"penwidth": "2"} if role == "result" else {}
        if role == "constant":
            extra["style"] = "filled,dashed"
        record = graphviz.nohtml(self.horizontal % " | ".join(fields))  # never an HTML label
        self.g.node(node_id, record, fillcolor=ROLE_COLOURS[role], **extra)

    def numbers(self, data: float, grad: float) -> list[str]:
        """A box's data and grad fields."""
        # (+ 0.0 so a grad through a dead relu, 0 × negative, shows as 0, not -0)
        digits = self.digits
        return [f"data {number_text(data, digits)}", f"grad {number_text(grad + 0.0, digits)}"]

    def arrow(self, source: str, op_id: str, local: float) -> None:
        """An arrow into an operation, labelled with its local derivative."""
        # (+ 0.0 so a dead relu's 0 × negative shows as 0, not -0)
        self.g.edge(source, op_id, label=number_text(as_float(local) + 0.0, self.digits))

    def operation(self, v: Value, op: Op) -> None:
        """The circle of the operation op that made v, with an arrow from each input."""
        g, ids = self.g, self.ids
        self.circles += 1
        op_id = f"{ids[v]}_op"
        g.edge(op_id, ids[v])
        dot = self.merged.get(v)
        activation = op.activation
        if activation is not None and self.expand_neurons:
            # the neuron as its two steps: inputs -> · -> box w·x+b -> activation -> v
            steps = neuron_steps(v)
            sum_id, sum_op = f"{ids[v]}_sum", f"{ids[v]}_sum_op"
            self.box(
                sum_id, [steps.name, *self.numbers(steps.weighted_sum, steps.grad)], "intermediate"
            )
            self.boxes += 1
            self.circles += 1
            act_label = plain_text(activation.symbol or activation.name)
            g.node(op_id, act_label, shape="circle", fillcolor="#e8e8e8")
            self.arrow(sum_id, op_id, steps.slope)
            g.edge(sum_op, sum_id)
            op_id, parents, locals_ = sum_op, v.parents, steps.sum_grads
            symbol, is_neuron = DOT.symbol, False
        elif dot is not None:
            # chain rule inside the neuron: d act/d in = act's slope × d(w·x+b)/d in
            slope = as_float(v.local_grads[0])
            symbol, parents = neuron_symbol(op, dot), dot.parents
            locals_ = tuple(slope * as_float(d) for d in dot.local_grads)
            is_neuron = True
        elif activation is not None:  # a neuron that is one node: the same reading
            symbol, parents, locals_ = neuron_symbol(activation, v), v.parents, v.local_grads
            is_neuron = True
        else:
            symbol, parents, locals_ = op.symbol or op.name, v.parents, v.local_grads
            is_neuron = False
        self.neuron_ops += is_neuron
        shape = "ellipse" if is_neuron else "circle"  # a long name makes a huge circle
        inputs = v.inputs if dot is None else parents
        label = operation_label(symbol, inputs, self.folded, self.digits)
        g.node(op_id, label, shape=shape, fillcolor="#e8e8e8")
        missing = 0
        for parent, local in zip(parents, locals_):
            if self.folded(parent):
                continue
            if parent in ids and (not self.kept_for or self.kept_for[parent] is (dot or v)):
                self.arrow(ids[parent], op_id, local)
            else:
                missing += 1
        if missing:  # summarized: this operation's other inputs, counted in one note
            note = f"hidden{self.notes}"
            self.notes += 1
            more = count_text(missing, "more input")
            g.node(note, f"… {more}", shape="note", fillcolor="#f4f4f4")
            g.edge(note, op_id, style="dashed")

    def add_caption(self, order: list[Value], hidden: int) -> None:
        """The line under the picture: how to read the arrows, and the colours shown."""
        legend = ", ".join(
            f"{ROLE_NAMES[r]} {r}{ROLE_NOTES.get(r, '')}" for r in ROLE_NAMES if r in self.shown
        )
        neuron_note = (
            "\\lan arrow into a neuron drawn as one operation, act(w·x+b), carries "
            "act's slope × ∂(w·x+b)/∂in"
            if self.neuron_ops
            else ""
        )
        if self.expand_neurons and any(v.op is not None and v.op.activation for v in order):
            neuron_note += (
                "\\leach neuron drawn as two steps: ∂(w·x+b)/∂in into ·, then act's slope; "
                "their product is the arrow of the neuron drawn as one operation"
            )
        cut = f"\\l… {hidden} earlier Values not drawn" if hidden else ""
        self.g.attr(
            label="arrow numbers: local derivative ∂out/∂in; a box's grad = sum over its "
            f"outgoing arrows of (number × grad of that operation's result){neuron_note}"
            f"\\lcolours: {legend}{cut}\\l",
            fontname="Helvetica",
            fontsize="10",
        )
