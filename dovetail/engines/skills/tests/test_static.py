"""The static embedder weighs each word piece by how much it says about which skill is meant."""

import numpy as np
from tokenizers import Tokenizer

from dovetail.engines.skills.distil import piece_rarity
from dovetail.engines.skills.static import DATA, StaticEmbedder, shipped_embedder


def _tokenizer() -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(DATA / "minilm-tokenizer.json"))
    tokenizer.no_padding()  # the shipped file pads every text to 128 pieces
    return tokenizer


def _piece(tokenizer, word) -> int:
    [piece] = tokenizer.encode(word, add_special_tokens=False).ids
    return piece


def test_a_weightless_piece_leaves_a_phrase_pointing_at_the_others():
    tokenizer = _tokenizer()
    vectors = np.random.default_rng(3).standard_normal((tokenizer.get_vocab_size(), 8))
    weights = np.ones(len(vectors))
    weights[_piece(tokenizer, "manage")] = 0
    embedder = StaticEmbedder(vectors, tokenizer, weights=weights)
    phrase, word = embedder.embed(["manage pigs", "pigs"])
    assert np.isclose(phrase @ word, 1.0, atol=1e-6)
    # weights change a phrase's direction, not its length: every embedding is a unit vector
    unweighted = StaticEmbedder(vectors, tokenizer).embed(["manage pigs"])[0]
    assert unweighted @ word < 0.99 and np.isclose(np.linalg.norm(unweighted), 1.0)


def test_rarity_is_one_for_a_piece_no_label_holds_and_zero_for_one_all_hold():
    tokenizer = _tokenizer()
    rarity = piece_rarity(tokenizer, ["manage pigs", "manage bees", "manage staff"])
    assert rarity.dtype == np.float16 and rarity.shape == (tokenizer.get_vocab_size(),)
    assert rarity[_piece(tokenizer, "manage")] == 0
    assert 0 < rarity[_piece(tokenizer, "pigs")] < rarity[_piece(tokenizer, "welding")] == 1


def test_words_that_open_many_skill_names_weigh_least_in_the_shipped_table():
    embedder = shipped_embedder()
    rarity = np.load(DATA / "minilm-static-256-rarity.npy")
    assert rarity.min() > 0 and rarity.max() == 1
    common, rare = (
        [rarity[_piece(embedder.tokenizer, word)] for word in words]
        for words in (("manage", "use", "of"), ("welding", "pigs"))
    )
    assert max(common) < min(rare)
