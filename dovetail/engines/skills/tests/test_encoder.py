"""The NumPy BERT encoder and the distillation that builds the shipped static table, on a tiny
random model (the real MiniLM weights are a benchmark-only download)."""

import json
import shutil

import numpy as np
import pytest
from safetensors.numpy import save_file

from dovetail.engines.skills.distil import fit_piece_vectors
from dovetail.engines.skills.encoder import SentenceEncoder
from dovetail.engines.skills.static import DATA, StaticEmbedder

HIDDEN, HEADS, LAYERS, VOCAB = 16, 2, 2, 30522


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiny-bert")
    rng = np.random.default_rng(7)

    def w(*shape):
        return (rng.standard_normal(shape) * 0.2).astype(np.float32)

    weights = {
        "embeddings.word_embeddings.weight": w(VOCAB, HIDDEN),
        "embeddings.position_embeddings.weight": w(64, HIDDEN),
        "embeddings.token_type_embeddings.weight": w(2, HIDDEN),
        "embeddings.LayerNorm.weight": np.ones(HIDDEN, np.float32),
        "embeddings.LayerNorm.bias": np.zeros(HIDDEN, np.float32),
    }
    for n in range(LAYERS):
        p = f"encoder.layer.{n}."
        for name in ("query", "key", "value"):
            weights[p + f"attention.self.{name}.weight"] = w(HIDDEN, HIDDEN)
            weights[p + f"attention.self.{name}.bias"] = w(HIDDEN)
        weights[p + "attention.output.dense.weight"] = w(HIDDEN, HIDDEN)
        weights[p + "attention.output.dense.bias"] = w(HIDDEN)
        weights[p + "intermediate.dense.weight"] = w(4 * HIDDEN, HIDDEN)
        weights[p + "intermediate.dense.bias"] = w(4 * HIDDEN)
        weights[p + "output.dense.weight"] = w(HIDDEN, 4 * HIDDEN)
        weights[p + "output.dense.bias"] = w(HIDDEN)
        for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
            weights[p + norm + ".weight"] = np.ones(HIDDEN, np.float32)
            weights[p + norm + ".bias"] = np.zeros(HIDDEN, np.float32)
    save_file(weights, str(folder / "model.safetensors"))
    config = {
        "num_attention_heads": HEADS,
        "num_hidden_layers": LAYERS,
        "layer_norm_eps": 1e-12,
        "hidden_size": HIDDEN,
    }
    (folder / "config.json").write_text(json.dumps(config))
    shutil.copy(DATA / "minilm-tokenizer.json", folder / "tokenizer.json")
    return folder


def test_a_sentence_encodes_the_same_alone_or_padded_in_a_batch(tiny_model):
    encoder = SentenceEncoder(tiny_model, max_tokens=32)
    alone = encoder.encode(["weld metal parts"])
    together = encoder.encode(["weld metal parts", "keep accurate care records every day"])
    assert alone.shape == (1, HIDDEN)
    np.testing.assert_allclose(np.linalg.norm(together, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(alone[0], together[0], atol=1e-5)
    assert not np.allclose(together[0], together[1])


def test_distilled_piece_vectors_reproduce_the_label_embeddings(tiny_model):
    encoder = SentenceEncoder(tiny_model)
    labels = [
        "weld metal parts",
        "keep care records",
        "program PLC systems",
        "give first aid",
        "bake bread",
        "drive vehicles",
        "teach students",
        "repair engines",
    ]
    targets = encoder.encode(labels)
    start = np.zeros((VOCAB, HIDDEN), dtype=np.float32)
    table = fit_piece_vectors(encoder, labels, targets, start)
    assert table.dtype == np.float16 and table.shape[0] == VOCAB
    static = StaticEmbedder(table.astype(np.float32), encoder.tokenizer)
    rebuilt = static.embed(labels)
    # the table is the targets' space rotated onto its principal axes: label-to-label cosines hold
    np.testing.assert_allclose(rebuilt @ rebuilt.T, targets @ targets.T, atol=0.05)
