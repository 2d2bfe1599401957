"""Benchmark: Dovetail's redaction engine against scrubadub, a general PII scrubber.

Both read the same labelled English and Chinese documents (``benchmarks/data/``). A labelled
span counts as found when predicted spans cover every one of its characters (the reader can no
longer see it, whatever kind the engine called it); a predicted span is correct when it overlaps
a labelled one. The engine was tuned on ``redaction_dev.txt``; the headline figures are on
``redaction_test.txt``, which it was never tuned on. Speed is measured on the test documents
repeated until the corpus is large enough to time.

    python benchmarks/redaction.py           # 20,000 documents timed
    python benchmarks/redaction.py --quick   # 2,000 documents timed

The last line is JSON: recall, precision, docs_per_s (ours, on the test split), the peer's, and
the slowest time on adversarial 50,000-character documents.
"""

import argparse
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])

from dovetail.engines.redaction import RedactionPolicy, detect  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
MARK = re.compile(r"\[\[(?P<kind>\w+)\|(?P<text>.+?)\]\]")


@dataclass
class Document:
    text: str
    gold: list[tuple[int, int, str]]
    parameters: tuple[str, ...]


def load(name: str) -> list[Document]:
    documents = []
    for block in (DATA / name).read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        parameters: tuple[str, ...] = ()
        if lines and lines[0].startswith("@parameters:"):
            parameters = tuple(p.strip() for p in lines.pop(0).split(":", 1)[1].split(";"))
        marked = " ".join(lines).strip()
        if not marked:
            continue
        text, gold, position = [], [], 0
        for match in MARK.finditer(marked):
            text.append(marked[position : match.start()])
            start = sum(map(len, text))
            text.append(match.group("text"))
            gold.append((start, start + len(match.group("text")), match.group("kind")))
            position = match.end()
        text.append(marked[position:])
        documents.append(Document("".join(text), gold, parameters))
    return documents


def ours(document: Document) -> list[tuple[int, int, str]]:
    spans = detect(document.text, RedactionPolicy(parameters=document.parameters))
    return [(span.start, span.end, span.kind) for span in spans]


def scrubadub_detector():
    import scrubadub

    scrubber = scrubadub.Scrubber(locale="zh_CN")

    def peer(document: Document) -> list[tuple[int, int, str]]:
        return [(f.beg, f.end, f.type) for f in scrubber.iter_filth(document.text)]

    return peer


def score(documents: list[Document], detector) -> dict:
    found = labelled = correct = predicted = 0
    for document in documents:
        spans = detector(document)
        covered = set()
        for start, end, _kind in spans:
            covered.update(range(start, end))
        for start, end, _kind in document.gold:
            labelled += 1
            found += all(i in covered for i in range(start, end))
        for start, end, _kind in spans:
            predicted += 1
            correct += any(start < g_end and g_start < end for g_start, g_end, _ in document.gold)
    return {
        "recall": found / labelled if labelled else 0.0,
        "precision": correct / predicted if predicted else 0.0,
        "labelled": labelled,
        "predicted": predicted,
    }


def time_one(text: str) -> float:
    started = time.perf_counter()
    detect(text, RedactionPolicy(parameters=("spindle speed", "良品率")))
    return time.perf_counter() - started


def throughput(documents: list[Document], detector, count: int) -> float:
    corpus = [documents[i % len(documents)] for i in range(count)]
    started = time.perf_counter()
    for document in corpus:
        detector(document)
    return count / (time.perf_counter() - started)


def adversarial() -> list[tuple[str, str]]:
    """Documents of the longest size a case may have (50,000 characters), built to make
    careless patterns backtrack: long runs of digits, place names, amounts and mixed noise."""
    rng = random.Random(7)
    size = 50_000
    noise = "张王李经理有限公司路号市区 0123456789@.,-+%¥abcXYZ"
    return [
        ("digits", "1" * size),
        ("place names", ("海滨市南山区" * size)[:size]),
        ("amounts", "¥" + "1," * (size // 2)),
        ("letters before @", "a." * (size // 2) + "@"),
        ("noise", "".join(rng.choice(noise) for _ in range(size))),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="time 2,000 documents, not 20,000")
    args = parser.parse_args()
    count = 2_000 if args.quick else 20_000
    dev, test = load("redaction_dev.txt"), load("redaction_test.txt")
    peer = scrubadub_detector()
    rows = []
    for split, documents in (("dev (tuned on)", dev), ("test (held out)", test)):
        for name, detector in (("dovetail", ours), ("scrubadub 2.0.1", peer)):
            rows.append((split, name, score(documents, detector)))
    print(f"{'split':<16} {'engine':<16} {'spans':>6} {'recall':>7} {'precision':>9}")
    for split, name, figures in rows:
        print(
            f"{split:<16} {name:<16} {figures['labelled']:>6} "
            f"{figures['recall']:>7.3f} {figures['precision']:>9.3f}"
        )
    speed = throughput(test, ours, count)
    peer_speed = throughput(test, peer, count // 10)
    print(f"\n{count:,} documents: dovetail {speed:,.0f} docs/s, scrubadub {peer_speed:,.0f}")
    worst = max((time_one(text), name) for name, text in adversarial())
    print(f"slowest adversarial 50,000-character document ({worst[1]}): {worst[0]:.2f} s")
    held_out = {name: figures for split, name, figures in rows if split.startswith("test")}
    print(
        json.dumps(
            {
                "documents": len(test),
                "recall": round(held_out["dovetail"]["recall"], 3),
                "precision": round(held_out["dovetail"]["precision"], 3),
                "docs_per_s": round(speed),
                "peer": "scrubadub 2.0.1",
                "peer_recall": round(held_out["scrubadub 2.0.1"]["recall"], 3),
                "peer_precision": round(held_out["scrubadub 2.0.1"]["precision"], 3),
                "peer_docs_per_s": round(peer_speed),
                "adversarial_worst_s": round(worst[0], 2),
            }
        )
    )


if __name__ == "__main__":
    main()
