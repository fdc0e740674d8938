"""nn.module: Module, Neuron, Layer, MLP, activations and init schemes."""

from __future__ import annotations

import copy
import math
import pickle
import random
import re
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

import nn
import nn.activations
from autograd import Value, fused, topological_order
from nn.activations import ACTIVATIONS
from nn.init import INITS


def micrograd_names(nin: int, nouts: list[int]) -> list[str]:
    """Parameter names in micrograd's order: layer by layer, neuron by neuron, w then b."""
    names = []
    sizes = [nin, *nouts]
    for i in range(len(nouts)):
        for j in range(nouts[i]):
            names += [f"layers.{i}.neurons.{j}.w.{k}" for k in range(sizes[i])]
            names.append(f"layers.{i}.neurons.{j}.b")
    return names


def test_micrograd_mlp_has_337_parameters_in_micrograd_order() -> None:
    model = nn.MLP(2, [16, 16, 1], seed=1337)
    assert model.num_parameters() == 337 == len(model.parameters())
    names = [name for name, _ in model.named_parameters()]
    assert names == micrograd_names(2, [16, 16, 1])
    assert [p.label for p in model.parameters()] == names
    assert model.activations == ["relu", "relu", "linear"]


def test_uniform_weights_are_micrograds_draws_and_biases_are_zero() -> None:
    # micrograd draws random.uniform(-1, 1) for each weight in parameter order.
    model = nn.MLP(2, [16, 16, 1], seed=7)
    rng = random.Random(7)
    for name, p in model.named_parameters():
        if name.endswith(".b"):
            assert p.data == 0.0
        else:
            assert p.data == rng.uniform(-1.0, 1.0)


def test_same_seed_same_weights_and_different_seed_different() -> None:
    a = nn.MLP(3, [4, 2], seed=5, init="he").state_dict()
    assert a == nn.MLP(3, [4, 2], seed=5, init="he").state_dict()
    assert a != nn.MLP(3, [4, 2], seed=6, init="he").state_dict()
    assert a == nn.MLP(3, [4, 2], rng=random.Random(5), init="he").state_dict()
    nn.manual_seed(0)  # no seed: the default generator, which manual_seed(0) restarts
    assert nn.MLP(3, [4]).state_dict() == nn.MLP(3, [4], seed=0).state_dict()


def test_a_shared_rng_advances_so_two_models_differ() -> None:
    rng = random.Random(0)
    assert nn.MLP(2, [3], rng=rng).state_dict() != nn.MLP(2, [3], rng=rng).state_dict()


def test_seed_and_rng_together_are_refused() -> None:
    with pytest.raises(ValueError, match="either seed or rng"):
        nn.MLP(2, [1], seed=1, rng=random.Random(1))


def test_one_output_gives_a_value_several_give_a_list() -> None:
    assert isinstance(nn.MLP(2, [16, 16, 1])([0.5, -0.5]), Value)
    out = nn.MLP(2, [4, 3])([0.5, -0.5])
    assert isinstance(out, list) and len(out) == 3
    narrow = nn.MLP(2, [16, 1, 1])
    assert narrow.num_parameters() == 48 + 17 + 2
    assert isinstance(narrow([1.0, 2.0]), Value)


def test_layer_always_returns_a_list_even_with_one_neuron() -> None:
    out = nn.Layer(2, 1)([1.0, 2.0])
    assert isinstance(out, list) and len(out) == 1


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "leaky_relu"])
def test_a_named_activation_makes_the_neuron_one_node(activation: str) -> None:
    neuron = nn.Neuron(3, activation=activation, rng=random.Random(1))
    neuron.b.data = 0.25
    out = neuron([1.0, -2.0, 3.0])
    interior = [v for v in topological_order(out) if v.parents]
    assert interior == [out]
    assert out.op is fused.neuron(nn.activations.FUSED[activation])
    assert out.parents == (*neuron.w, *out.parents[3:6], neuron.b)
    z = math.fsum([*(w.data * x for w, x in zip(neuron.w, [1.0, -2.0, 3.0])), 0.25])
    by_hand = {
        "relu": max(z, 0.0),
        "tanh": math.tanh(z),
        "sigmoid": 1.0 / (1.0 + math.exp(-z)),
        "leaky_relu": z if z > 0 else 0.01 * z,
    }
    assert out.data == pytest.approx(by_hand[activation], rel=1e-12)
    assert neuron.forward_floats([1.0, -2.0, 3.0]) == [out.data]  # predict's path agrees


def test_linear_is_a_bare_dot_node_and_a_custom_activation_a_node_of_its_own() -> None:
    linear = nn.Neuron(3, activation="linear")([1.0, 2.0, 3.0])
    assert linear.op is fused.DOT
    custom = nn.Neuron(3, activation=lambda v: v.tanh() * 2.0)([1.0, 2.0, 3.0])
    interior = [v for v in topological_order(custom) if v.parents]
    assert [v.op.name for v in interior if v.op] == ["dot", "tanh", "mul"]


def test_inputs_are_wrapped_once_per_sample() -> None:
    model = nn.MLP(2, [8, 8, 1], seed=0)
    out = model([0.3, -0.7])
    assert isinstance(out, Value)
    params = set(model.parameters())
    inputs = [v for v in topological_order(out) if not v.parents and v not in params]
    assert sorted(v.label for v in inputs) == ["x0", "x1"]


def test_values_given_as_inputs_are_used_as_they_are() -> None:
    model = nn.MLP(2, [4, 1], activation="tanh", seed=0)
    x = [Value(0.3), Value(-0.2)]
    out = model(x)
    assert isinstance(out, Value)
    out.backward()
    assert x[0].grad != 0.0  # d(output)/d(input): the graph reaches the caller's Values


def test_counts_in_messages_are_grammatical() -> None:
    """ "1 input", "1 value", "1 feature", "1 prediction": never "1 inputs"."""
    one_input = nn.MLP(1, [1], seed=0)
    with pytest.raises(ValueError, match=r"MLP expects 1 input per sample, got 2$"):
        one_input([1.0, 2.0])
    with pytest.raises(TypeError, match="a list of 1 number,"):
        one_input("x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"X\[0\] has 2 values .* needs 1 feature$"):
        nn.predict(one_input, [[1.0, 2.0]])
    with pytest.raises(ValueError, match="got 1 prediction and 2 targets"):
        nn.mse([1.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="got 1 sample and 2 targets"):
        nn.fit(one_input, [[1.0]], [1.0, 2.0], progress=False)


def test_bad_samples_get_clear_errors() -> None:
    model = nn.MLP(2, [3, 1])
    with pytest.raises(ValueError, match="MLP expects 2 inputs per sample, got 3"):
        model([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="MLP expects 2 inputs per sample, got 1"):
        model.forward_floats([1.0])
    with pytest.raises(TypeError, match="MLP input 1 must be a number, got str"):
        model([1.0, "2"])
    with pytest.raises(TypeError, match="list of 2 numbers"):
        model(3.0)
    with pytest.raises(TypeError, match="must be a number"):
        model.forward_floats([Value(1.0), 2.0])
    # a whole data set where one sample was meant (it said "expects 2 inputs, got 3",
    # or "input 0 must be a number, got list" for 2 samples)
    for X in ([[1.0, 2.0]] * 3, [[1.0, 2.0]] * 2):
        for run in (model, model.forward_floats, model.layers[0]):
            with pytest.raises(TypeError, match=rf"one sample .* got a list of {len(X)} lists"):
                run(X)


def test_a_bare_number_is_a_one_input_sample() -> None:
    model = nn.MLP(1, [1], seed=3)
    one, listed = model(2.0), model([2.0])
    assert isinstance(one, Value) and isinstance(listed, Value)
    assert one.data == listed.data == model.forward_floats(2.0)[0]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, [1]), r"MLP nin must be a whole number >= 1, got 0$"),
        ((2, []), r"MLP nouts must list at least one layer size"),
        ((2, [3, 0]), r"MLP layer size must be a whole number >= 1, got 0$"),
        ((2, [2.5]), r"MLP layer size must be a whole number >= 1, got 2\.5$"),
        ((True, [1]), r"MLP nin must be a whole number >= 1, got True$"),
    ],
)
def test_bad_sizes_are_refused(args: tuple[object, object], message: str) -> None:
    # The whole message, not just "MLP": any error naming the class would have passed.
    with pytest.raises(ValueError, match=message):
        nn.MLP(*args)  # type: ignore[arg-type]


@pytest.mark.parametrize("nouts", [3, "16", None])
def test_nouts_that_is_not_a_list_is_a_type_error_saying_it_lists_layer_sizes(
    nouts: object,
) -> None:
    with pytest.raises(
        TypeError, match=r"nouts must be a list of layer sizes.*\[16, 16, 1\]"
    ) as err:
        nn.MLP(2, nouts)  # type: ignore[arg-type]
    if nouts == 3:
        assert "MLP(2, [3])" in str(err.value)  # the call that was probably meant


def test_unknown_activation_and_init_list_the_allowed_names() -> None:
    with pytest.raises(ValueError, match="leaky_relu, linear, relu, sigmoid, tanh"):
        nn.MLP(2, [3, 1], activation="softmax")
    with pytest.raises(ValueError, match="uniform, xavier, he, zeros"):
        nn.MLP(2, [3, 1], init="glorot")
    with pytest.raises(TypeError, match="activation must be a name"):
        nn.Neuron(2, activation=3)  # type: ignore[arg-type]


def test_activations_per_layer_and_custom_callables() -> None:
    def cube(v: Value) -> Value:
        return v**3

    model = nn.MLP(2, [3, 3, 2], activation=["tanh", cube], output_activation="sigmoid")
    assert model.activations == ["tanh", "custom", "sigmoid"]
    assert model.layers[1].neurons[0].activation is cube
    with pytest.raises(ValueError, match="one per hidden layer"):
        nn.MLP(2, [3, 3, 2], activation=["tanh"])


def test_a_custom_activation_that_returns_a_number_is_caught_on_both_paths() -> None:
    # Regression: on Values it returned the bare number, which cuts the graph: backward
    # never reaches the weights (only the float path checked).
    def clipped(v: Value) -> float:
        return max(v.data, 0.0)

    message = "custom activation clipped must return a Value, got float"
    with pytest.raises(TypeError, match=message):  # refused as the neuron is built
        nn.Neuron(2, activation=clipped)  # type: ignore[arg-type]

    def sometimes(v: Value) -> Value | float:  # a Value at the build's try-out, not always
        return v if v.data > 0 else 0.0

    neuron = nn.Neuron(2, activation=sometimes)  # type: ignore[arg-type]
    neuron.w[0].data, neuron.w[1].data = -1.0, -1.0
    message = "custom activation sometimes must return a Value, got float"
    with pytest.raises(TypeError, match=message):
        neuron([1.0, 2.0])
    with pytest.raises(TypeError, match=message):
        neuron.forward_floats([1.0, 2.0])


FLOAT_MODELS = [
    *[
        nn.MLP(3, [5, 4, 2], activation=name, output_activation=name, seed=2)
        for name in ACTIVATIONS
    ],
    nn.MLP(3, [5, 1], activation=lambda v: v.sin() * 2, seed=4),
    nn.MLP(3, [6, 6, 3], init="xavier", seed=1),
]


@given(st.lists(st.floats(-5, 5), min_size=3, max_size=3))
def test_forward_floats_equals_the_value_forward(x: list[float]) -> None:
    for model in FLOAT_MODELS:
        out = model(x)
        values = [out.data] if isinstance(out, Value) else [v.data for v in out]
        floats = model.forward_floats(x)
        assert len(floats) == len(values)
        for a, b in zip(floats, values):
            assert a == pytest.approx(b, rel=1e-12, abs=1e-12)


def test_backprop_through_the_mlp_matches_central_differences() -> None:
    model = nn.MLP(2, [3, 2], activation="tanh", seed=9)
    x = [0.4, -1.3]
    out = model(x)
    assert isinstance(out, list)
    (out[0] * out[1]).backward()
    eps = 1e-6
    for p in model.parameters():
        original = p.data
        p.data = original + eps
        up = math.prod(model.forward_floats(x))
        p.data = original - eps
        down = math.prod(model.forward_floats(x))
        p.data = original
        assert p.grad == pytest.approx((up - down) / (2 * eps), rel=1e-6, abs=1e-8)


def test_zero_grad_and_state_dict_round_trip() -> None:
    model = nn.MLP(2, [3, 1], seed=1)
    out = model([1.0, 1.0])
    assert isinstance(out, Value)
    out.backward()
    assert any(p.grad for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())
    other = nn.MLP(2, [3, 1], seed=2)
    other.load_state_dict(model.state_dict())
    assert other.state_dict() == model.state_dict()


def test_load_state_dict_checks_everything_before_changing_anything() -> None:
    model = nn.MLP(2, [2, 1], seed=1)
    before = model.state_dict()
    missing = dict(before)
    del missing["layers.1.neurons.0.b"]
    with pytest.raises(ValueError, match=r"expected 9 named weights, got 8; missing 1"):
        model.load_state_dict(missing)
    with pytest.raises(ValueError, match=re.escape("unexpected 1 ('layers.2.neurons.0.b')")):
        model.load_state_dict({**before, "layers.2.neurons.0.b": 0.0})
    bad = {name: 1.0 for name in before}
    bad["layers.1.neurons.0.w.1"] = math.nan
    with pytest.raises(
        ValueError, match=re.escape("'layers.1.neurons.0.w.1' must be a finite number")
    ):
        model.load_state_dict(bad)
    bad["layers.1.neurons.0.w.1"] = "0.5"  # type: ignore[assignment]
    with pytest.raises(TypeError, match="must be a number, got str"):
        model.load_state_dict(bad)
    assert model.state_dict() == before


def test_repr_shows_the_architecture_and_parameter_count() -> None:
    text = repr(nn.MLP(2, [16, 16, 1]))
    assert "(layers.0): Layer(nin=2, nout=16, activation=relu)  # 48 parameters" in text
    assert "(layers.2): Layer(nin=16, nout=1, activation=linear)  # 17 parameters" in text
    assert text.endswith("# 337 parameters, init='uniform'")
    assert repr(nn.Neuron(2)) == "Neuron(nin=2, activation=relu)  # 3 parameters"
    # a Value method as a custom activation is shown by its own name
    assert repr(nn.Neuron(2, activation=Value.tanh)).startswith(
        "Neuron(nin=2, activation=custom:tanh)"
    )


def test_xavier_stays_within_its_limit_and_fills_it() -> None:
    model = nn.MLP(30, [20], init="xavier", seed=0)
    limit = math.sqrt(6 / (30 + 20))
    weights = [p.data for name, p in model.named_parameters() if ".w." in name]
    assert max(abs(w) for w in weights) <= limit
    assert max(abs(w) for w in weights) > 0.95 * limit
    # U(-a, a) has variance a^2 / 3 = 2 / (fan_in + fan_out).
    assert statistics.pvariance(weights) == pytest.approx(2 / 50, rel=0.1)


def test_he_is_normal_with_variance_two_over_fan_in() -> None:
    model = nn.MLP(50, [40], init="he", seed=0)
    weights = [p.data for name, p in model.named_parameters() if ".w." in name]
    assert statistics.fmean(weights) == pytest.approx(0.0, abs=0.02)
    assert statistics.pvariance(weights) == pytest.approx(2 / 50, rel=0.1)
    assert max(abs(w) for w in weights) > math.sqrt(2 / 50) * 3  # normal tails, unlike uniform


def test_zeros_init_never_breaks_symmetry() -> None:
    # sigmoid, not tanh: with tanh every hidden output is tanh(0) = 0, so the gradients of
    # the weights after it (those outputs) and then of every hidden weight are exactly 0:
    # the hidden neurons stayed equal only because they never moved.  sigmoid(0) = 1/2:
    # the last layer's weights move from the first step, then the hidden ones, all alike.
    model = nn.MLP(2, [4, 4, 1], activation="sigmoid", init="zeros")
    assert set(model.state_dict().values()) == {0.0}
    optimizer = nn.SGD(model.parameters(), lr=0.5)
    data = [([1.0, 2.0], 1.0), ([-1.0, 0.5], -1.0), ([0.3, -0.8], 0.5)]
    for _ in range(5):
        loss = nn.mse([model(x) for x, _ in data], [y for _, y in data])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    for layer in model.layers[:-1]:
        first = [p.data for p in layer.neurons[0].parameters()]
        assert all(v != 0.0 for v in first)  # every hidden weight trained ...
        for neuron in layer.neurons[1:]:
            assert [p.data for p in neuron.parameters()] == first  # ... and stayed a twin
    assert sorted(INITS) == ["he", "uniform", "xavier", "zeros"]


def test_diagram_is_nn_diagrams_draw_network() -> None:
    from nn.diagram import draw_network

    model = nn.MLP(2, [3, 1], seed=0)
    assert model.diagram().source == draw_network(model).source


def _doubled_tanh(v: Value) -> Value:
    return v.tanh() * 2.0


@pytest.mark.parametrize(
    "activation", ["relu", "tanh", "sigmoid", "leaky_relu", "linear", _doubled_tanh]
)
def test_a_model_survives_pickle_and_deepcopy(activation: nn.activations.Activation) -> None:
    # A neuron keeps the activation as given; the functions and op it resolves to (some
    # lambdas, which pickle cannot name) are looked up again when it is loaded.
    model = nn.MLP(2, [4, 1], activation=activation, seed=5)
    x = [0.3, -1.2]
    for copy_of in (lambda m: pickle.loads(pickle.dumps(m)), copy.deepcopy):
        twin = copy_of(model)
        assert twin is not model and twin.activations == model.activations
        out, twin_out = model(x), twin(x)
        assert twin_out.data == out.data and twin_out.op is out.op
        assert nn.predict(twin, [x]) == nn.predict(model, [x])
        out.backward()
        twin_out.backward()
        assert [p.grad for p in twin.parameters()] == [p.grad for p in model.parameters()]
        model.zero_grad()


def test_a_layer_with_mixed_neurons_gives_each_neurons_own_output() -> None:
    layer = nn.Layer(2, 3, activation="relu", rng=random.Random(0))
    layer.neurons[1] = nn.Neuron(2, activation=lambda v: v.tanh(), rng=random.Random(1))
    layer.neurons[2] = nn.Neuron(2, activation="linear", rng=random.Random(2))
    x = [Value(0.5), Value(-1.5)]
    assert [v.data for v in layer(x)] == [n(x).data for n in layer.neurons]
    assert [v.op for v in layer(x)] == [n(x).op for n in layer.neurons]
