"""Tests for clova_ocr_gateway.admission.fairqueue: deficit round robin order, shares that follow
the weights, and that every queued item comes out exactly once."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from clova_ocr_gateway.admission.fairqueue import FairQueue

WEIGHTS = st.sampled_from([0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0])


def weights_of(table: dict[str, float]) -> Callable[[str], float]:
    return lambda caller: table.get(caller, 1.0)


def drain(queue: FairQueue[int], limit: int = 10_000) -> list[tuple[str, int]]:
    out = []
    for _ in range(limit):  # bounded: a queue holds fewer items than this in every test
        popped = queue.pop()
        if popped is None:
            break
        out.append(popped)
    return out


def test_equal_weights_alternate_between_callers_in_arrival_order() -> None:
    queue: FairQueue[int] = FairQueue(weights_of({}))
    for i in range(3):
        queue.push("a", i)
    for i in range(3):
        queue.push("b", 10 + i)
    assert drain(queue) == [("a", 0), ("b", 10), ("a", 1), ("b", 11), ("a", 2), ("b", 12)]


def test_weight_four_gets_four_calls_per_turn_of_weight_one() -> None:
    queue: FairQueue[int] = FairQueue(weights_of({"checkout": 4.0}))
    for i in range(10):
        queue.push("batch", i)
        queue.push("checkout", i)
    callers = [caller for caller, _ in drain(queue)[:10]]
    assert callers == ["batch"] + ["checkout"] * 4 + ["batch"] + ["checkout"] * 4


def test_fractional_weight_is_served_every_other_turn() -> None:
    queue: FairQueue[int] = FairQueue(weights_of({"slow": 0.5}))
    for i in range(6):
        queue.push("slow", i)
        queue.push("fast", i)
    callers = [caller for caller, _ in drain(queue)[:6]]
    assert callers.count("fast") == 4 and callers.count("slow") == 2


def test_front_push_is_served_next_among_its_callers_items() -> None:
    queue: FairQueue[int] = FairQueue(weights_of({}))
    queue.push("a", 1)
    queue.push("a", 2)
    queue.push("a", 0, front=True)
    assert [item for _, item in drain(queue)] == [0, 1, 2]


def test_removed_item_is_never_popped_and_an_emptied_caller_leaves_the_ring() -> None:
    queue: FairQueue[int] = FairQueue(weights_of({}))
    queue.push("a", 1)
    queue.push("b", 2)
    assert queue.remove("a", 1)
    assert not queue.remove("a", 1)
    assert queue.callers() == ("b",)
    assert drain(queue) == [("b", 2)]
    assert len(queue) == 0


def test_heaviest_and_pop_newest_pick_the_largest_share_per_weight() -> None:
    queue: FairQueue[int] = FairQueue(weights_of({"big": 10.0}))
    for i in range(8):
        queue.push("big", i)  # 8 / 10 = 0.8 per unit of weight
    for i in range(2):
        queue.push("small", i)  # 2 / 1
    assert queue.heaviest() == ("small", 2.0)
    assert queue.pop_newest("small") == 1
    assert queue.count("small") == 1


def test_served_before_counts_other_callers_by_their_weight_and_backlog() -> None:
    queue: FairQueue[int] = FairQueue(weights_of({"heavy": 2.0}))
    for i in range(50):
        queue.push("flood", i)
    for i in range(3):
        queue.push("heavy", i)
    # A newcomer's first call waits for one call of the flood, not for all fifty.
    assert queue.served_before("newcomer", 1) == 1 + 2
    # The flood's next call waits for its 50 own and the heavy caller's 3.
    assert queue.served_before("flood", 51) == 50 + 3


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("abcde"), st.booleans()), min_size=0, max_size=80),
    st.dictionaries(st.sampled_from("abcde"), WEIGHTS),
    st.lists(st.integers(min_value=0, max_value=79), max_size=10),
)
def test_every_queued_item_comes_out_exactly_once(
    pushes: list[tuple[str, bool]], table: dict[str, float], removals: list[int]
) -> None:
    queue: FairQueue[int] = FairQueue(weights_of(table))
    owner = {}
    for item, (caller, front) in enumerate(pushes):
        queue.push(caller, item, front=front)
        owner[item] = caller
    removed = {i for i in removals if i in owner and queue.remove(owner[i], i)}
    assert len(queue) == len(pushes) - len(removed)
    out = drain(queue)
    assert sorted(item for _, item in out) == sorted(set(owner) - removed)
    assert all(owner[item] == caller for caller, item in out)
    assert len(queue) == 0 and queue.pop() is None


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.sampled_from("abcde"), WEIGHTS, min_size=2, max_size=5),
    st.integers(min_value=1, max_value=200),
)
def test_backlogged_callers_share_in_proportion_to_their_weights(
    table: dict[str, float], pops: int
) -> None:
    queue: FairQueue[int] = FairQueue(weights_of(table))
    counter = itertools.count()
    for caller in table:
        for _ in range(pops + 1):  # everyone stays backlogged throughout
            queue.push(caller, next(counter))
    served = Counter(caller for caller, _ in drain(queue, limit=pops))
    # DRR's bound: two backlogged callers never drift apart by more than
    # (1 + w_i) / w_i + (1 + w_j) / w_j in served-per-weight.
    for i, j in itertools.combinations(table, 2):
        wi, wj = table[i], table[j]
        drift = abs(served[i] / wi - served[j] / wj)
        assert drift <= (1 + wi) / wi + (1 + wj) / wj + 1e-9, (served, table)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from("abcde"), WEIGHTS, min_size=1, max_size=5))
def test_long_run_shares_match_weights_within_one_turn(table: dict[str, float]) -> None:
    queue: FairQueue[int] = FairQueue(weights_of(table))
    total = sum(table.values())
    rounds = 40
    pops = int(rounds * total)
    for caller in table:
        for i in range(pops + 1):
            queue.push(caller, i)
    served = Counter(caller for caller, _ in drain(queue, limit=pops))
    for caller, weight in table.items():
        assert abs(served[caller] - pops * weight / total) <= 1 + max(table.values())
