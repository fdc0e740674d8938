// The playground page: it only draws.  Training, heatmaps and backpropagation all run
// in Python (serve.py -> api.py); this script sends the controls' changes to /api/ and
// draws the answers.  The set-up lives in the URL's #hash, so a link reproduces it.
"use strict";

const DEFAULTS = {
  dataset: "circles", noise: 0, train_percent: 50, points: 200, batch_size: 10,
  features: ["x1", "x2"], hidden: [4, 2], activation: "tanh", regularization: "none",
  regularization_rate: 0, learning_rate: 0.03, seed: 0,
};
const FEATURES = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)", "cos(x1)", "cos(x2)"];
const NUMBERS = ["noise", "train_percent", "points", "batch_size", "regularization_rate", "learning_rate", "seed"];
const BLUE = [8, 119, 189], ORANGE = [245, 147, 34], WHITE = [255, 255, 255];
const NODE = 36;  // px, a neuron's heatmap

let view = { show_test: false, discretize: false };
let settings = readHash();
let session = null, state = null, points = null, selected = null, polling = false;
let backprop = null, stepIndex = 0;

const $ = (id) => document.getElementById(id);

// --- the URL ---------------------------------------------------------------------------

function readHash() {
  const out = structuredClone(DEFAULTS);
  const params = new URLSearchParams(location.hash.slice(1));
  for (const [k, v] of params) {
    if (k === "features") out.features = v ? v.split(",") : [];
    else if (k === "hidden") out.hidden = v ? v.split(",").map(Number) : [];
    else if (NUMBERS.includes(k)) out[k] = Number(v);
    else if (k in out) out[k] = v;
    else if (k === "show_test" || k === "discretize") view[k] = v === "1";
  }
  return out;
}

function writeHash() {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(settings)) params.set(k, Array.isArray(v) ? v.join(",") : v);
  params.set("show_test", view.show_test ? "1" : "0");
  params.set("discretize", view.discretize ? "1" : "0");
  history.replaceState(null, "", "#" + params.toString());
}

// --- talking to the server --------------------------------------------------------------

async function api(route, body) {
  const answer = await fetch("/api/" + route, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  const json = await answer.json();
  if (answer.status === 404 && route !== "session") {  // the session was dropped: start again
    await start();
    return null;
  }
  if (!answer.ok) throw new Error(json.error);
  return json;
}

async function call(route, extra = {}) {
  try {
    const answer = await api(route, { session, ...extra });
    $("message").textContent = "";
    if (answer) show(answer);
    return answer;
  } catch (error) {
    $("message").textContent = error.message;
    return null;
  }
}

async function start() {
  try {
    show(await api("session", { settings }));
  } catch (error) {  // a bad link: say why, and start from the defaults
    $("message").textContent = error.message + " (the link's set-up was not used)";
    settings = structuredClone(DEFAULTS);
    show(await api("session", { settings }));
  }
}

async function poll() {
  if (polling) return;
  polling = true;
  try {
    while (state && state.playing) {
      await new Promise((r) => setTimeout(r, 150));
      const answer = await fetch(`/api/state?session=${session}`).then((r) => r.json());
      if (answer.error) break;
      show(answer);
    }
  } catch (error) {  // the server stopped: say so rather than fill the console
    $("message").textContent = "lost the server: " + error.message;
  }
  polling = false;
}

// --- drawing ---------------------------------------------------------------------------

function colour(v) {
  const t = Math.min(1, Math.abs(v)), end = v >= 0 ? BLUE : ORANGE;
  return WHITE.map((w, i) => Math.round(w + (end[i] - w) * t));
}

function paint(canvas, encoded, grid, discrete = false) {
  const bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
  const small = document.createElement("canvas");
  small.width = small.height = grid;
  const ctx = small.getContext("2d"), image = ctx.createImageData(grid, grid);
  bytes.forEach((b, k) => {
    let v = b / 127.5 - 1;
    if (discrete) v = v > 0 ? 1 : -1;
    const [r, g, bl] = colour(v * 0.8);
    image.data.set([r, g, bl, 255], 4 * k);
  });
  ctx.putImageData(image, 0, 0);
  const big = canvas.getContext("2d");
  big.imageSmoothingEnabled = true;
  big.drawImage(small, 0, 0, canvas.width, canvas.height);
}

function show(answer) {
  const newData = !state || answer.data_version !== state.data_version || answer.session !== session;
  if (answer.points) points = answer.points;
  state = answer;
  session = answer.session;
  settings = answer.settings;
  writeHash();
  syncControls();
  $("epoch").textContent = String(answer.epoch);
  $("train-loss").textContent = answer.train_loss.toFixed(3);
  $("test-loss").textContent = answer.test_loss.toFixed(3);
  if (answer.message) $("message").textContent = answer.message;
  drawNetwork();
  drawOutput();
  drawCurve();
  if (newData && backprop) {
    backprop = null;
    drawBackprop();
    $("backprop").textContent = "New data or network: build a sample's graph again.";
  }
  if (answer.playing) poll();
}

function choose(id, value) {
  // a value from a link may not be in the list yet: add it, so the control shows it
  const select = $(id), text = String(value);
  if (![...select.options].some((o) => o.value === text)) select.add(new Option(text, text));
  select.value = text;
}

function syncControls() {
  $("dataset").value = settings.dataset;
  choose("learning-rate", settings.learning_rate);
  $("activation").value = settings.activation;
  $("regularization").value = settings.regularization;
  choose("regularization-rate", settings.regularization_rate);
  choose("points", settings.points);
  for (const [id, key] of [["train-percent", "train_percent"], ["noise", "noise"], ["batch-size", "batch_size"]]) {
    $(id).value = settings[key];
    $(id + "-value").textContent = settings[key];
  }
  $("layer-count").textContent = settings.hidden.length;
  $("show-test").checked = view.show_test;
  $("discretize").checked = view.discretize;
  $("sample").max = points ? points.train.length - 1 : 0;
}

function layout() {
  // Columns: the features, each hidden layer, the output; each neuron's top-left corner.
  const box = $("network"), width = box.clientWidth, height = box.clientHeight;
  const columns = [FEATURES.length, ...settings.hidden, 1];
  const gap = (width - 90 - NODE) / (columns.length - 1);
  return columns.map((n, c) => Array.from({ length: n }, (_, r) => ({
    x: 90 + c * gap,
    y: c === 0 ? 20 + r * 44 : 40 + r * 46 + (c === columns.length - 1 ? 120 : 0),
  })));
}

function drawNetwork() {
  const box = $("network"), svg = $("wires");
  box.querySelectorAll(".node, .feature-label, .layer-buttons").forEach((e) => e.remove());
  svg.replaceChildren();
  const places = layout(), maps = state.maps, chosen = settings.features;
  FEATURES.forEach((name, r) => {
    const at = places[0][r], on = chosen.includes(name);
    const label = element("label", "feature-label", box, at.x - 86, at.y + 10);
    const tick = document.createElement("input");
    tick.type = "checkbox"; tick.checked = on; tick.id = "feature-" + name;
    tick.addEventListener("change", () => toggleFeature(name));
    label.append(name + " ", tick);
    if (on) paint(canvasAt(box, at, "feature " + name), maps.features[chosen.indexOf(name)], maps.grid);
  });
  settings.hidden.forEach((n, layer) => {
    const at = places[layer + 1][0], buttons = element("div", "layer-buttons", box, at.x - 22, 0);
    for (const [text, change] of [["+", 1], ["\u2212", -1]]) {
      const b = document.createElement("button");
      b.textContent = text; b.className = change > 0 ? "add-neuron" : "remove-neuron";
      b.addEventListener("click", () => resizeLayer(layer, change));
      buttons.append(b);
    }
    buttons.append(` ${n}`);
    maps.neurons[layer].forEach((m, j) => paint(canvasAt(box, places[layer + 1][j], `layer ${layer + 1} neuron ${j + 1}`), m, maps.grid));
  });
  const out = places[places.length - 1][0];
  paint(canvasAt(box, out, "output"), maps.output, maps.grid, view.discretize);
  // weights: from each input of a layer to each of its neurons
  const inputs = [chosen.map((name) => places[0][FEATURES.indexOf(name)])];
  for (let l = 1; l < places.length; l++) inputs.push(places[l]);
  state.network.forEach((layer, l) => layer.forEach((neuron, j) => neuron.weights.forEach((w, k) => {
    const a = inputs[l][k], b = places[l + 1][j];
    const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    const x1 = a.x + NODE, y1 = a.y + NODE / 2, x2 = b.x, y2 = b.y + NODE / 2, mid = (x1 + x2) / 2;
    path.setAttribute("d", `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`);
    path.setAttribute("stroke", `rgb(${(w >= 0 ? BLUE : ORANGE).join(",")})`);
    path.setAttribute("stroke-width", Math.min(0.5 + Math.abs(w) * 1.5, 8).toFixed(2));
    path.setAttribute("data-weight", `${l},${j},${k}`);
    const isSelected = selected && selected.layer === l && selected.neuron === j && selected.input === k;
    if (isSelected) path.classList.add("selected");
    // a wider, invisible copy on top catches the pointer, however thin the line
    const hit = path.cloneNode();
    hit.setAttribute("class", "hit");
    hit.removeAttribute("stroke-width");
    const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
    title.textContent = `weight ${w.toFixed(4)} (layer ${l + 1}, neuron ${j + 1}, input ${k + 1}): click to edit`;
    hit.append(title);
    hit.addEventListener("click", () => selectWeight(l, j, k));
    hit.addEventListener("mouseenter", () => path.classList.add("hover"));
    hit.addEventListener("mouseleave", () => path.classList.remove("hover"));
    svg.append(path, hit);
  })));
}

function element(tag, cls, parent, x, y) {
  const e = document.createElement(tag);
  e.className = cls; e.style.left = x + "px"; e.style.top = y + "px";
  parent.append(e);
  return e;
}

function canvasAt(parent, at, title) {
  const c = element("canvas", "node", parent, at.x, at.y);
  c.width = c.height = NODE; c.title = title;
  return c;
}

function drawOutput() {
  const canvas = $("output"), ctx = canvas.getContext("2d"), maps = state.maps;
  paint(canvas, maps.output, maps.grid, view.discretize);
  if (!points) return;
  const scale = canvas.width / 12, sets = view.show_test ? ["train", "test"] : ["train"];
  for (const set of sets) for (const [x1, x2, y] of points[set]) {
    ctx.beginPath();
    ctx.arc((x1 + 6) * scale, (6 - x2) * scale, 3, 0, 2 * Math.PI);
    const v = state.regression ? y : 2 * y - 1;
    ctx.fillStyle = `rgb(${colour(v).map((c) => Math.round(c * 0.9)).join(",")})`;
    ctx.fill();
    ctx.strokeStyle = set === "test" ? "#000" : "#fff";
    ctx.stroke();
  }
}

function drawCurve() {
  const svg = $("loss-curve"), h = state.history;
  svg.replaceChildren();
  // scaled to the losses after the first epoch: the loss before training is often far
  // larger, and would flatten the rest of the curve against the bottom (it is clipped)
  const rest = h.length > 2 ? h.slice(1) : h, last = Math.max(h[h.length - 1][0], 1);
  const top = Math.max(...rest.map((r) => Math.max(r[1], r[2])), 1e-9);
  const y = (loss) => 48 - Math.min(loss / top, 1) * 46;
  for (const [column, stroke] of [[1, "#333"], [2, "#999"]]) {
    const line = document.createElementNS("http://www.w3.org/2000/svg", "polyline");
    line.setAttribute("points", h.map((r) => `${(r[0] / last) * 200},${y(r[column])}`).join(" "));
    line.setAttribute("fill", "none"); line.setAttribute("stroke", stroke);
    line.setAttribute("vector-effect", "non-scaling-stroke");
    svg.append(line);
  }
}

// --- the controls ----------------------------------------------------------------------

function change(fields) {
  call("settings", { settings: fields });
}

function toggleFeature(name) {
  const on = settings.features.includes(name);
  if (on && settings.features.length === 1) { drawNetwork(); return; }  // keep one
  change({ features: on ? settings.features.filter((f) => f !== name) : [...settings.features, name] });
}

function resizeLayer(layer, by) {
  const hidden = [...settings.hidden];
  hidden[layer] = Math.min(8, Math.max(1, hidden[layer] + by));
  change({ hidden });
}

async function selectWeight(layer, neuron, input) {
  selected = { layer, neuron, input };
  const w = state.network[layer][neuron].weights[input];
  $("weight-name").textContent = `Weight ${input + 1} of neuron ${neuron + 1} in layer ${layer + 1}`;
  $("weight-value").value = w;
  drawNetwork();
  await nudge();
}

async function nudge() {
  if (!selected) return;
  const eps = Number($("eps").value);
  try {
    const d = await api("derivative", { session, ...selected, eps });
    if (!d) return;
    const ratio = d.predicted !== 0 ? (d.measured / d.predicted).toFixed(4) : "-";
    $("derivative").textContent =
      `${d.parameter} = ${d.value.toPrecision(6)}\n` +
      `backpropagation: d loss / d w = ${d.grad.toPrecision(6)}\n` +
      `nudge w by eps = ${d.eps}: loss ${d.loss.toPrecision(8)} -> ${d.nudged_loss.toPrecision(8)}\n` +
      `predicted change (grad x eps) = ${d.predicted.toExponential(4)}\n` +
      `measured change               = ${d.measured.toExponential(4)}   (measured / predicted = ${ratio})`;
  } catch (error) {
    $("derivative").textContent = error.message;
  }
}

async function loadBackprop() {
  try {
    backprop = await api("backprop", { session, sample: Number($("sample").value) });
  } catch (error) {
    $("backprop").textContent = error.message;
    return;
  }
  stepIndex = 0;
  drawBackprop();
}

function drawBackprop() {
  const svg = $("backprop-graph");
  svg.replaceChildren();
  if (!backprop) return;
  const width = svg.clientWidth || 800, height = svg.clientHeight || 340;
  const columns = Math.max(...backprop.nodes.map((n) => n.col)) + 1, rows = {};
  const at = backprop.nodes.map((n) => {
    rows[n.col] = (rows[n.col] || 0) + 1;
    return [n.col, rows[n.col] - 1];
  });
  const xy = at.map(([c, r]) => [30 + (c * (width - 60)) / Math.max(columns - 1, 1), ((r + 0.5) * height) / rows[c]]);
  const done = backprop.steps.slice(0, stepIndex), current = done[done.length - 1];
  const grads = {}, edgesDone = new Set();
  for (const s of done) {
    if (s.parent !== null) { grads[s.parent] = s.total; edgesDone.add(`${s.parent}-${s.node}`); }
    if (s.param && s.param.input !== "bias") {
      const into = backprop.nodes[s.node].parents[s.param.input];
      if (into !== undefined) edgesDone.add(`${into}-${s.node}`);
    }
  }
  const currentEdge = current && (current.parent !== null ? `${current.parent}-${current.node}`
    : current.param && current.param.input !== "bias" ? `${backprop.nodes[current.node].parents[current.param.input]}-${current.node}` : "");
  const ns = "http://www.w3.org/2000/svg";
  for (const n of backprop.nodes) for (const p of n.parents) {
    const line = document.createElementNS(ns, "line");
    [["x1", xy[p][0]], ["y1", xy[p][1]], ["x2", xy[n.id][0]], ["y2", xy[n.id][1]]].forEach(([k, v]) => line.setAttribute(k, v));
    const key = `${p}-${n.id}`;
    if (key === currentEdge) line.classList.add("current"); else if (edgesDone.has(key)) line.classList.add("done");
    svg.append(line);
  }
  grads[backprop.nodes.length - 1] = 1;
  for (const n of backprop.nodes) {
    const [x, y] = xy[n.id], circle = document.createElementNS(ns, "circle");
    circle.setAttribute("cx", x); circle.setAttribute("cy", y); circle.setAttribute("r", 9);
    if (current && (current.node === n.id || current.parent === n.id)) circle.classList.add("current");
    if (n.id in grads && stepIndex > 0) circle.classList.add("has-grad");
    const title = document.createElementNS(ns, "title");
    title.textContent = `${n.label} = ${n.data.toPrecision(4)}` + (n.id in grads ? `, d loss/d ${n.label} = ${grads[n.id].toPrecision(4)}` : "");
    circle.append(title);
    svg.append(circle);
    const text = document.createElementNS(ns, "text");
    text.setAttribute("x", x - 10); text.setAttribute("y", y - 12);
    text.textContent = n.label;
    svg.append(text);
  }
  describeStep(current);
}

function describeStep(s) {
  const total = backprop.steps.length;
  if (!s) {
    $("backprop").textContent = `Sample ${backprop.sample}: point (${backprop.point.map((v) => v.toFixed(2)).join(", ")}), ` +
      `target ${backprop.target.toFixed(2)}, loss ${backprop.loss.toFixed(4)}.  ${total} chain-rule steps to go: ` +
      `press "step back" to pass the gradient d loss/d loss = 1 back from the loss.`;
    return;
  }
  const into = s.param ? (s.param.input === "bias" ? `the bias of ${s.node_label}` : `weight ${s.param.input + 1} of ${s.node_label}`) : s.parent_label;
  const f = (v) => v.toPrecision(4);
  let text = `Step ${stepIndex} of ${total}: from ${s.node_label} back to ${into} (${s.parent_label})\n` +
    `  local derivative  d ${s.node_label} / d ${s.parent_label} = ${f(s.local)}\n` +
    `  gradient arriving d loss / d ${s.node_label} = ${f(s.upstream)}\n` +
    `  their product     ${f(s.local)} x ${f(s.upstream)} = ${f(s.contribution)}\n` +
    `  running sum       d loss / d ${s.parent_label} = ${f(s.total)}`;
  if (stepIndex === total) text += "\nDone: every weight and bias has its gradient.";
  $("backprop").textContent = text;
}

let loading = null;  // the graph being fetched: clicks meanwhile wait for the same one

async function stepBackprop(all) {
  if (!backprop) {
    loading = loading || loadBackprop();
    await loading;
    loading = null;
  }
  if (!backprop) return;
  stepIndex = all ? backprop.steps.length : Math.min(stepIndex + 1, backprop.steps.length);
  drawBackprop();
}

function wire() {
  $("play").addEventListener("click", () => call("play"));
  $("pause").addEventListener("click", () => call("pause"));
  $("step").addEventListener("click", () => call("step"));
  $("reset").addEventListener("click", () => call("reset"));
  $("regenerate").addEventListener("click", () => call("regenerate"));
  $("dataset").addEventListener("change", (e) => change({ dataset: e.target.value }));
  $("learning-rate").addEventListener("change", (e) => change({ learning_rate: Number(e.target.value) }));
  $("activation").addEventListener("change", (e) => change({ activation: e.target.value }));
  $("regularization").addEventListener("change", (e) => change({ regularization: e.target.value }));
  $("regularization-rate").addEventListener("change", (e) => change({ regularization_rate: Number(e.target.value) }));
  $("points").addEventListener("change", (e) => change({ points: Number(e.target.value) }));
  for (const [id, key] of [["train-percent", "train_percent"], ["noise", "noise"], ["batch-size", "batch_size"]]) {
    $(id).addEventListener("input", (e) => { $(id + "-value").textContent = e.target.value; });
    $(id).addEventListener("change", (e) => change({ [key]: Number(e.target.value) }));
  }
  $("add-layer").addEventListener("click", () => settings.hidden.length < 6 && change({ hidden: [...settings.hidden, 2] }));
  $("remove-layer").addEventListener("click", () => settings.hidden.length > 0 && change({ hidden: settings.hidden.slice(0, -1) }));
  $("show-test").addEventListener("change", (e) => { view.show_test = e.target.checked; writeHash(); drawOutput(); });
  $("discretize").addEventListener("change", (e) => { view.discretize = e.target.checked; writeHash(); drawOutput(); drawNetwork(); });
  $("weight-set").addEventListener("click", async () => {
    if (selected && await call("weight", { ...selected, value: Number($("weight-value").value) })) await nudge();
  });
  $("nudge").addEventListener("click", nudge);
  $("backprop-load").addEventListener("click", loadBackprop);
  $("backprop-step").addEventListener("click", () => stepBackprop(false));
  $("backprop-all").addEventListener("click", () => stepBackprop(true));
  window.addEventListener("resize", () => state && (drawNetwork(), drawBackprop()));
}

wire();
start();
