"""When you outgrow pigrad: the same network in PyTorch, on 100x the data, on N processes, and back.

1. pigrad trains a 2-16-16-1 network on 100 moons, as the moons demo does.
2. ``nn.to_torch`` hands it to PyTorch, which computes the same outputs (float64 on both
   sides: they agree to the last digits, where the order of the additions differs).
3. PyTorch keeps training it on 100 times more data, a whole mini-batch as one tensor
   (on a GPU when there is one).  Both speeds are printed, in samples per second.
4. ``--workers N``: PyTorch's own distributed engine.  N processes on this machine
   (``torch.distributed``, the gloo backend, CPU) each wrap the network in
   ``DistributedDataParallel`` and take 1/N of every mini-batch; DDP averages their
   gradients, and the average of N equal shares' mean gradients IS the whole mini-batch's
   mean gradient.  The article's mini-batch idea one level up: worker 0 checks that the
   parameters equal one process's training on the whole mini-batches.
5. ``nn.from_torch`` brings the network back, and pigrad draws its decision boundary.

Run: python demos/outgrow.py [--out DIR] [--quick] [--workers N]    (needs PyTorch)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import common  # the demos' shared plumbing: --out/--quick, the out folder, saving figures

import nn
import nn.data
import nn.plot
import nn.train

PER_WORKER_BATCH = 32
"""Samples each distributed worker takes from every mini-batch (the mini-batch is N times that)."""

HERE = Path(__file__).resolve().parent
LOOPBACK = {"linux": "lo", "darwin": "lo0"}.get(sys.platform)
"""The loopback network interface, which local workers talk over (gloo's GLOO_SOCKET_IFNAME)."""


def import_torch() -> Any:
    """``torch``, or a clean exit that says how to install it."""
    try:
        import torch
    except ImportError:
        raise SystemExit(
            "demos/outgrow.py needs PyTorch: pip install 'pigrad[torch]' (or pip install torch)"
        ) from None
    return torch


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the demo and return the numbers it printed (a distributed worker exits instead)."""
    parser = common.argument_parser(__doc__)
    parser.add_argument(
        "--workers", type=int, default=0, help="also train on N local processes with DDP"
    )
    parser.add_argument(
        "--ddp-worker",
        metavar="MODEL_JSON",
        help="run as ONE distributed worker on this saved pigrad model (what --workers "
        "starts; torchrun can start it too, see the README)",
    )
    parser.add_argument("--rendezvous", help=argparse.SUPPRESS)  # set by --workers
    parser.add_argument("--result", help=argparse.SUPPRESS)  # set by --workers
    args = parser.parse_args(argv)
    if args.ddp_worker:
        ddp_worker(args)
        # Its numbers are printed and written.  Leave now, skipping the interpreter's
        # shutdown: gloo's threads can abort it ("terminate called without an active
        # exception", exit code -6) even after every worker has met at the barrier
        # and destroyed the process group; this failed test_outgrow about 1 run in 20.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    if args.workers < 0:
        parser.error(f"--workers must be 0 (none) or more, got {args.workers}")
    torch = import_torch()
    out = common.out_dir(args)
    result: dict[str, Any] = {"pictures": []}

    # 1. pigrad, on the small data set.
    epochs, torch_epochs = (20, 2) if args.quick else (100, 20)
    X, labels = nn.data.moons(n=100, noise=0.2, seed=1)
    model = nn.MLP(2, [16, 16, 1], activation="relu", seed=0)
    started = time.perf_counter()
    nn.train.fit(
        model,
        X,
        labels,
        loss="binary_cross_entropy",
        optimizer=nn.Adam(model.parameters(), lr=0.05),
        epochs=epochs,
        batch_size=20,
        progress=False,
    )
    seconds = time.perf_counter() - started
    result["pigrad_samples_per_second"] = epochs * len(X) / seconds
    result["pigrad_accuracy"] = nn.train.accuracy(model, X, labels)
    print(
        f"1. pigrad: {model.describe()} network, {len(X)} moons, {epochs} epochs in "
        f"{seconds:.2f} s ({result['pigrad_samples_per_second']:,.0f} samples/s), "
        f"accuracy {result['pigrad_accuracy']:.2f}"
    )
    handover = out / "outgrow_model.json"
    model.save(handover)

    # 2. The hand-over: the same numbers in PyTorch.
    net = nn.to_torch(model)
    print(f"2. nn.to_torch(model):\n{net}")
    with torch.no_grad():
        torch_out = net(torch.tensor(X, dtype=torch.float64))[:, 0].tolist()
    result["handover_max_diff"] = max(
        abs(model.forward_floats(x)[0] - t) for x, t in zip(X, torch_out)
    )
    print(
        f"   largest difference between pigrad's and PyTorch's outputs: "
        f"{result['handover_max_diff']:.1e}"
    )

    # 3. PyTorch on 100 times more data, a mini-batch at a time as one tensor.
    device = "cuda" if torch.cuda.is_available() else "cpu"
    result["device"] = device
    if device == "cpu":
        # One thread, as pigrad uses: a fair race, and tensors this small gain nothing
        # from more (on a busy machine, extra threads only wait for each other).
        torch.set_num_threads(1)
    big_X, big_labels = nn.data.moons(n=100 * len(X), noise=0.2, seed=2)
    inputs = torch.tensor(big_X, dtype=torch.float64, device=device)
    targets = torch.tensor(big_labels, dtype=torch.float64, device=device)
    net.to(device)
    result["torch_accuracy_before"] = torch_accuracy(torch, net, inputs, targets)
    optimizer = torch.optim.Adam(net.parameters(), lr=0.01)
    shuffle = torch.Generator().manual_seed(0)
    started = time.perf_counter()
    for _ in range(torch_epochs):
        order = torch.randperm(len(big_X), generator=shuffle).to(device)
        for batch in order.split(100):
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                net(inputs[batch])[:, 0], targets[batch]
            )
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    if device == "cuda":
        torch.cuda.synchronize()  # GPU work runs ahead of Python: wait before timing
    seconds = time.perf_counter() - started
    result["torch_samples_per_second"] = torch_epochs * len(big_X) / seconds
    result["torch_accuracy_after"] = torch_accuracy(torch, net, inputs, targets)
    result["speedup"] = result["torch_samples_per_second"] / result["pigrad_samples_per_second"]
    print(
        f"3. PyTorch on {device}: {len(big_X):,} moons, {torch_epochs} epochs of mini-batches "
        f"of 100 in {seconds:.2f} s ({result['torch_samples_per_second']:,.0f} samples/s, "
        f"{result['speedup']:.0f}x pigrad's); accuracy on them "
        f"{result['torch_accuracy_before']:.3f} -> {result['torch_accuracy_after']:.3f}"
    )

    # 4. Beyond one process: PyTorch's distributed data parallel training.
    result["workers"] = args.workers
    result["ddp_max_param_diff"] = None
    if args.workers:
        ddp = run_workers(args.workers, handover, args.quick)
        result.update(ddp)
        print(
            f"4. DistributedDataParallel, {args.workers} processes (gloo, CPU), each taking "
            f"{PER_WORKER_BATCH} of every mini-batch of {ddp['batch']}, {ddp['steps']} steps "
            f"in {ddp['seconds']:.2f} s:\n   largest difference from one process training "
            f"on the whole mini-batches: {ddp['ddp_max_param_diff']:.1e} "
            f"(the parameters moved by up to {ddp['ddp_param_change']:.2f})"
        )
    else:
        print("4. (--workers N trains it on N processes with DistributedDataParallel)")

    # 5. Back to pigrad, to look at it.
    back = nn.from_torch(net.cpu())
    with torch.no_grad():
        shown = big_X[:500]
        torch_out = net(torch.tensor(shown, dtype=torch.float64))[:, 0].tolist()
    result["return_max_diff"] = max(
        abs(back.forward_floats(x)[0] - t) for x, t in zip(shown, torch_out)
    )
    path = out / "outgrow_boundary.png"
    nn.plot.plot_decision_boundary(
        back,
        shown,
        big_labels[:500],
        path=path,
        title="Trained by pigrad, then PyTorch; drawn by pigrad",
    )
    result["pictures"].append(str(path))
    print(
        f"5. nn.from_torch(net): largest difference in outputs {result['return_max_diff']:.1e}; "
        f"decision boundary drawn by pigrad in {path}"
    )
    return result


def torch_accuracy(torch: Any, net: Any, inputs: Any, targets: Any) -> float:
    """The share of samples whose raw score is on their label's side of 0."""
    with torch.no_grad():
        predicted = (net(inputs)[:, 0] > 0).to(targets.dtype)
    return float((predicted == targets).double().mean().item())


# --- distributed training -----------------------------------------------------------------


def run_workers(workers: int, handover: Path, quick: bool) -> dict[str, Any]:
    """Start ``workers`` local processes running ``--ddp-worker`` and return worker 0's numbers.

    They meet through a file (no network port is opened for the rendezvous) and exchange
    gradients over the loopback interface only.  Each runs on one thread: the processes
    are the parallelism.
    """
    with tempfile.TemporaryDirectory(prefix="pigrad-ddp-") as folder:
        temp = Path(folder)
        env = {**os.environ, "WORLD_SIZE": str(workers), "OMP_NUM_THREADS": "1"}
        # The workers import this checkout's nn, however (or whether) it is installed.
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE.parent), env.get("PYTHONPATH")]))
        if LOOPBACK:
            env["GLOO_SOCKET_IFNAME"] = LOOPBACK
        command = [
            sys.executable,
            str(HERE / "outgrow.py"),
            "--ddp-worker",
            str(handover),
            "--rendezvous",
            str(temp / "rendezvous"),
            "--result",
            str(temp / "result.json"),
            *(["--quick"] if quick else []),
        ]
        processes: list[subprocess.Popen[bytes]] = []
        try:
            for rank in range(workers):
                with open(temp / f"worker{rank}.log", "w") as log:  # the worker keeps its copy
                    processes.append(
                        subprocess.Popen(
                            command,
                            env={**env, "RANK": str(rank)},
                            stdout=log,
                            stderr=subprocess.STDOUT,
                        )
                    )
            codes = [process.wait(timeout=300) for process in processes]
        finally:
            for process in processes:
                if process.poll() is None:  # e.g. still waiting for a worker that failed
                    process.kill()
                    process.wait()
        for rank, code in enumerate(codes):
            if code != 0:
                log_text = (temp / f"worker{rank}.log").read_text()
                raise RuntimeError(
                    f"distributed worker {rank} failed (exit code {code}):\n{log_text[-3000:]}"
                )
        numbers: dict[str, Any] = json.loads((temp / "result.json").read_text())
        return numbers


def ddp_worker(args: argparse.Namespace) -> dict[str, Any]:
    """One process of the distributed training (RANK and WORLD_SIZE from the environment).

    Started by ``--workers N`` (which passes a rendezvous file) or by ``torchrun``
    (which sets MASTER_ADDR and MASTER_PORT: the ``env://`` rendezvous).
    """
    if "RANK" not in os.environ or "WORLD_SIZE" not in os.environ:
        raise SystemExit(
            "--ddp-worker is one process of a group: start it with --workers N, or with "
            "torchrun, which set RANK and WORLD_SIZE"
        )
    torch = import_torch()
    import torch.distributed as dist
    from torch.nn.parallel import DistributedDataParallel

    torch.set_num_threads(1)
    rank, world = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
    if args.rendezvous:
        dist.init_process_group(
            "gloo", init_method=f"file://{args.rendezvous}", rank=rank, world_size=world
        )
    else:
        dist.init_process_group("gloo")  # torchrun's env:// rendezvous
    try:
        steps = 10 if args.quick else 50
        batch = PER_WORKER_BATCH * world
        X, labels = nn.data.moons(n=batch * steps, noise=0.2, seed=3)  # the same on every worker
        inputs = torch.tensor(X, dtype=torch.float64)
        targets = torch.tensor(labels, dtype=torch.float64)
        start = nn.to_torch(nn.load(args.ddp_worker))

        def train(net: Any, share: slice) -> float:
            """``steps`` SGD steps, each on this share of the next mini-batch; seconds taken."""
            optimizer = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
            started = time.perf_counter()
            for step in range(steps):
                rows = slice(step * batch, (step + 1) * batch)
                loss = torch.nn.functional.binary_cross_entropy_with_logits(
                    net(inputs[rows][share])[:, 0], targets[rows][share]
                )
                optimizer.zero_grad()
                loss.backward()  # DDP: all workers' gradients averaged here
                optimizer.step()
            return time.perf_counter() - started

        mine = slice(rank * PER_WORKER_BATCH, (rank + 1) * PER_WORKER_BATCH)
        net = nn.to_torch(nn.load(args.ddp_worker))
        ddp = DistributedDataParallel(net)
        seconds = train(ddp, mine)
        numbers: dict[str, Any] = {}
        if rank == 0:
            alone = nn.to_torch(nn.load(args.ddp_worker))
            train(alone, slice(None))  # one process, every whole mini-batch
            numbers = {
                "steps": steps,
                "batch": batch,
                "seconds": seconds,
                "ddp_max_param_diff": _max_diff(net, alone),
                "ddp_param_change": _max_diff(net, start),
            }
            print(f"worker 0 of {world}: {json.dumps(numbers)}")
            if args.result:
                Path(args.result).write_text(json.dumps(numbers))
        del ddp
        # Every worker leaves together: a worker that tore its connections down while
        # worker 0 still held its own end was aborted by gloo ("terminate called").
        dist.barrier()
        return numbers
    finally:
        dist.destroy_process_group()


def _max_diff(a: Any, b: Any) -> float:
    """The largest difference between two networks' corresponding parameters."""
    return max(float((p - q).abs().max().item()) for p, q in zip(a.parameters(), b.parameters()))


if __name__ == "__main__":
    main(sys.argv[1:])
