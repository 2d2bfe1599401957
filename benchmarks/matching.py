"""Benchmark: Dovetail's matching engine against the `matching` library's hospital-resident solver.

Same generated instances through both, timed in the same run, outcomes compared. Learners rank 10
offers drawn by a skewed popularity; enterprises rank applicants by a skills-fit score with ties;
there are 20 learners per offer and seats for 90% of learners.

    python benchmarks/matching.py            # 1k, 10k, 100k learners with the peer; 1M alone
    python benchmarks/matching.py --quick    # 1k and 10k, under a minute

The last line is JSON: learners, seconds, peer_seconds, ratio (at 10,000 learners), million_seconds,
same_as_peer (every size run beside the peer gave the same allocation; the run fails if not).
"""

import argparse
import json
import sys
import threading
import time
from pathlib import Path

import numpy as np

# This file is named like the peer library: replace its own folder on the path with the repo root.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from dovetail.engines.matching import MatchingProblem, match  # noqa: E402

PEER_LIMIT_S = 600


def generate(n_learners: int, *, seed: int, choices: int = 10) -> MatchingProblem:
    rng = np.random.default_rng(seed)
    n_offers = max(1, n_learners // 20)
    popularity = 1.0 / np.arange(1, n_offers + 1) ** 0.6
    popularity /= popularity.sum()
    drawn = rng.choice(n_offers, size=(n_learners, choices + 4), p=popularity)
    # keep each learner's first `choices` distinct offers, in the order drawn
    order = np.argsort(drawn, axis=1, kind="stable")
    ranked = np.take_along_axis(drawn, order, axis=1)
    repeat_sorted = np.zeros_like(drawn, dtype=bool)
    repeat_sorted[:, 1:] = ranked[:, 1:] == ranked[:, :-1]
    repeat = np.empty_like(repeat_sorted)
    np.put_along_axis(repeat, order, repeat_sorted, axis=1)
    keep = ~repeat & (np.cumsum(~repeat, axis=1) <= choices)
    counts = keep.sum(axis=1)
    ptr = np.zeros(n_learners + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    flat = drawn[keep].astype(np.int32)
    capacities = rng.multinomial(int(0.9 * n_learners), popularity * 0.5 + 0.5 / n_offers)
    return MatchingProblem(
        capacities=capacities.astype(np.int32),
        choice_ptr=ptr,
        choices=flat,
        offer_ranks=rng.integers(0, 100, size=len(flat)),
        ineligible=np.zeros(len(flat), dtype=np.int16),
        groups=np.zeros(n_learners, dtype=np.uint8),
        reserves=np.zeros((n_offers, 0), dtype=np.int32),
    )


def run_ours(problem, seed):
    started = time.perf_counter()
    result = match(problem, seed=seed)
    return time.perf_counter() - started, result


def run_peer(problem, result):
    """Run the peer in a thread with a deep stack: it deep-copies its linked object graph."""
    outcome = {}
    sys.setrecursionlimit(10_000_000)
    threading.stack_size(1 << 30)
    worker = threading.Thread(target=lambda: outcome.update(value=_peer(problem, result)))
    worker.start()
    worker.join()
    return outcome["value"]


def _peer(problem, result):
    """The peer solves the same strict preferences (our lottery breaks the enterprises ties)."""
    from matching.games import HospitalResident

    started = time.perf_counter()
    learner_of_entry = np.repeat(np.arange(problem.n_learners), np.diff(problem.choice_ptr))
    resident_prefs = {
        i: problem.choices[problem.choice_ptr[i] : problem.choice_ptr[i + 1]].tolist()
        for i in range(problem.n_learners)
        if problem.choice_ptr[i + 1] > problem.choice_ptr[i]
    }
    by_offer = np.lexsort((result.keys, problem.choices))
    offers_sorted = problem.choices[by_offer]
    bounds = np.searchsorted(offers_sorted, np.arange(problem.n_offers + 1))
    hospital_prefs = {
        o: learner_of_entry[by_offer[bounds[o] : bounds[o + 1]]].tolist()
        for o in range(problem.n_offers)
        if bounds[o + 1] > bounds[o]
    }
    capacities = {o: int(problem.capacities[o]) for o in hospital_prefs}
    game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
    solution = game.solve(optimal="resident")
    elapsed = time.perf_counter() - started
    theirs = np.full(problem.n_learners, -1)
    for hospital, residents in solution.items():
        for resident in residents:
            theirs[resident.name] = hospital.name
    return elapsed, theirs


def _extrapolate(peer_times: dict[int, float], n: int) -> float:
    """Predict the peer's time at n learners from the power law through its last two runs."""
    if len(peer_times) < 2:
        return 0.0
    (n1, t1), (n2, t2) = sorted(peer_times.items())[-2:]
    exponent = np.log(t2 / t1) / np.log(n2 / n1)
    return t2 * (n / n2) ** exponent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k learners only")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    # compile once, outside the timings
    match(generate(100, seed=0), seed=0)

    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    headline = {"learners": 10_000}
    print(
        f"{'learners':>10} {'offers':>8} {'dovetail s':>11} {'matching s':>11} {'ratio':>8}  same?"
    )
    peer_times = {}
    all_same = True
    for n in sizes:
        problem = generate(n, seed=args.seed)
        ours_s, result = run_ours(problem, args.seed)
        predicted = _extrapolate(peer_times, n)
        if predicted > PEER_LIMIT_S:
            print(
                f"{n:>10,} {problem.n_offers:>8,} {ours_s:>11.4f} {'skipped':>11} {'—':>8}"
                f"  (peer would need about {predicted / 60:.0f} min, past the 10-minute limit)"
            )
            continue
        peer_s, theirs = run_peer(problem, result)
        peer_times[n] = peer_s
        same = bool((theirs == result.assignment).all())
        all_same &= same
        ratio = peer_s / ours_s
        print(
            f"{n:>10,} {problem.n_offers:>8,} {ours_s:>11.4f} {peer_s:>11.2f} {ratio:>8.0f}  {same}"
        )
        if n == 10_000:
            headline.update(
                seconds=round(ours_s, 4), peer_seconds=round(peer_s, 3), ratio=round(ratio, 1)
            )
    if not args.quick:
        problem = generate(1_000_000, seed=args.seed)
        ours_s, result = run_ours(problem, args.seed)
        placed = int((result.assignment >= 0).sum())
        print(
            f"{1_000_000:>10,} {problem.n_offers:>8,} {ours_s:>11.4f} {'—':>11} {'—':>8}"
            f"  (peer not run; {placed:,} placed, {len(problem.choices):,} preferences)"
        )
        headline["million_seconds"] = round(ours_s, 3)
    headline["same_as_peer"] = all_same
    print(json.dumps(headline))
    if not all_same:
        # a faster wrong answer is no result: the run fails
        raise SystemExit("the allocation differs from the peer's on the same instance")


if __name__ == "__main__":
    main()
