"""Free text → ranked taxonomy skills, each with its score and the span of text that evidences it.

For every candidate span (one to four words within a clause) the static embedder gives a vector;
a skill's score adds up four signals:

* the best cosine between any span and the skill's label or, a little discounted, one of its
  alternative labels (a paraphrase in a short span counts),
* the cosine between the whole text and the label (context: which field the text is about),
* an exact hit of the label or one of its alternative labels as a phrase in the text,
* how many of the label's words the text holds anywhere (a label's words apart still count),
* the skill's prior (how many occupations ask for it), which breaks ties toward common skills.

Given a :class:`~dovetail.engines.skills.corrections.CorrectionMemory`, a text close to one people
corrected also gets their correction: the skills they took off lose score, those they added gain it.

Chinese text is matched against Chinese labels by character bigrams. The whole text is compared
with every skill in one matrix product per batch; its best few hundred skills, the hundred whose
labels hold most of the text's rarer words, and any exact hit form the shortlist that every span is
compared with, which keeps a 14,000-skill taxonomy fast. (The words find the skill a long text
names in passing: "pricing" in a sentence about a degree and years of experience.)
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from dovetail.engines.skills import text as T
from dovetail.engines.skills.corrections import CorrectionMemory
from dovetail.engines.skills.static import StaticEmbedder, shipped_embedder


@dataclass(frozen=True)
class Concept:
    uri: str
    label: str
    alt_labels: tuple[str, ...] = ()
    label_zh: str = ""
    prior: float = 0.0  # 0–1: how widely the skill is asked for (e.g. share of occupations)


@dataclass(frozen=True)
class Match:
    uri: str
    label: str
    score: float
    span: str
    start: int
    end: int
    proficiency: int | None = None


@dataclass(frozen=True)
class Mapping:
    matches: list[Match]
    cues: T.Cues = field(default_factory=T.Cues)


@dataclass(frozen=True)
class Weights:
    """How the signals add up; fitted on the validation splits of the TECH and HOUSE sets."""

    sentence: float = 0.3
    prior: float = 0.05
    exact: float = 0.25
    chinese: float = 1.5  # a whole Chinese label scores like an exact English phrase
    single_word: float = 0.85
    alt_label: float = 1.0  # a span close to an alternative label, against the preferred one
    lexical: float = 0.2  # the share of the label's words found anywhere in the text


class SkillIndex:
    def __init__(
        self,
        concepts: Sequence[Concept],
        embedder: StaticEmbedder | None = None,
        weights: Weights = Weights(),
        shortlist: int = 300,
        word_shortlist: int = 100,  # and those whose labels share the text's rarer words
        renamed: int = 100,  # the best candidates also compared with their alternative labels
    ):
        if not concepts:
            raise ValueError("a skill index needs at least one concept")
        self.concepts = list(concepts)
        self.embedder = embedder or shipped_embedder()
        self.weights = weights
        self.shortlist = shortlist
        self.word_shortlist = word_shortlist
        self.renamed = renamed
        self.label_vectors = self.embedder.embed([c.label for c in self.concepts])
        # every alternative label of every concept, in half precision, as a taxonomy like ESCO
        # has some 85,000 of them
        alternatives = [
            [name for name in dict.fromkeys(c.alt_labels) if name != c.label] for c in self.concepts
        ]
        flat = [name for own in alternatives for name in own]
        self.alt_vectors = (
            self.embedder.embed(flat) if flat else np.zeros((0, self.embedder.dim))
        ).astype(np.float16)
        self.alt_counts = np.array([len(own) for own in alternatives])
        self.alt_starts = np.concatenate([[0], np.cumsum(self.alt_counts)[:-1]])
        self.position = {concept.uri: index for index, concept in enumerate(self.concepts)}
        self._index_label_words()
        self.prior = np.array([c.prior for c in self.concepts], dtype=np.float32)
        self.phrases: dict[tuple[str, ...], list[int]] = {}
        for index, concept in enumerate(self.concepts):
            for label in {concept.label, *concept.alt_labels}:
                key = T.phrase_key(label)
                if key and not (len(key) == 1 and key[0] in T.STOPWORDS):
                    self.phrases.setdefault(key, []).append(index)
        self.longest_phrase = max(map(len, self.phrases), default=1)
        self.chinese = [
            (index, concept.label_zh, T.bigrams(concept.label_zh))
            for index, concept in enumerate(self.concepts)
            if concept.label_zh
        ]

    def map(
        self,
        texts: Sequence[str],
        top: int = 10,
        *,
        min_score: float = 0.0,
        batch: int = 64,
        progress: Callable[[int, int], None] | None = None,
        memory: CorrectionMemory | None = None,
    ) -> list[Mapping]:
        """Best ``top`` skills per text (best first), dropping those scoring below ``min_score``;
        ``memory`` applies people's corrections of similar texts."""
        result: list[Mapping] = []
        for start in range(0, len(texts), batch):
            chunk = list(texts[start : start + batch])
            result.extend(self._map_batch(chunk, top, min_score, memory))
            if progress is not None:
                progress(len(result), len(texts))
        return result

    def _map_batch(self, texts, top, min_score, memory):
        pieces = self.embedder.pieces(texts)
        text_vectors = self.embedder.embed_pieces(pieces)
        context = text_vectors @ self.label_vectors.T
        corrected = memory.adjustments(text_vectors) if memory else [{} for _ in texts]
        shortlist = min(self.shortlist, len(self.concepts))
        likely = np.argpartition(-context, shortlist - 1, axis=1)[:, :shortlist]
        out = []
        for row, text in enumerate(texts):
            found = T.words(text)
            stems = [T.stem(word.text) for word in found]
            coverage, rare_share = self._shared_words(self._held_words(stems))
            word_ranges = T.spans(found)
            ranges = np.array([(found[i].start, found[j - 1].end) for i, j in word_ranges])
            exact = self._exact_hits(found, stems)
            chinese = self._chinese_hits(text) if T.is_chinese(text) else {}
            # the whole text's context shortlists the skills worth comparing with every span
            learned = {
                self.position[uri]: v for uri, v in corrected[row].items() if uri in self.position
            }
            candidates = np.unique(
                np.concatenate(
                    [likely[row], self._sharing_words(rare_share), [*exact, *chinese, *learned]]
                ).astype(int)
            )
            scores = self.weights.sentence * context[row, candidates]
            scores += self.weights.prior * self.prior[candidates]
            if self.weights.lexical:
                scores += self.weights.lexical * coverage[candidates]
            best_span = np.full(len(candidates), -1)
            if len(ranges):
                span_vectors = self.embedder.embed_ranges(*pieces[row], ranges.reshape(-1, 2))
                sims = span_vectors @ self.label_vectors[candidates].T
                # one word rarely names a skill alone unless it is the label (an exact hit)
                single = np.array([j - i == 1 for i, j in word_ranges])
                sims[single] *= self.weights.single_word
                # the best few so far are also compared with every alternative label
                closest = np.argpartition(
                    -(scores + sims.max(0)), min(self.renamed, len(candidates)) - 1
                )[: self.renamed]
                named = self._alternative_similarity(span_vectors, candidates[closest])
                named[single] *= self.weights.single_word
                sims[:, closest] = np.maximum(sims[:, closest], named)
                scores += sims.max(0)
                best_span = sims.argmax(0)
            for hits, weight in ((exact, self.weights.exact), (chinese, self.weights.chinese)):
                for index, (bonus, _span) in hits.items():
                    scores[np.searchsorted(candidates, index)] += weight * bonus
            for index, adjustment in learned.items():
                scores[np.searchsorted(candidates, index)] += adjustment
            chosen = self._top(scores, top, min_score)
            cued = T.states_proficiency(text)  # if not, no span has a cue before it
            out.append(
                Mapping(
                    [
                        self._match(
                            text,
                            candidates[n],
                            scores[n],
                            best_span[n],
                            ranges,
                            exact,
                            chinese,
                            cued,
                        )
                        for n in chosen
                    ],
                    T.cues(text),
                )
            )
        return out

    def _index_label_words(self):
        """Each preferred label's content words, stemmed, as postings: per word, the labels
        holding it. A word's rarity is how few labels hold it."""
        self.vocabulary: dict[str, int] = {}
        rows, columns = [], []
        for index, concept in enumerate(self.concepts):
            for word in set(T.phrase_key(concept.label)) - T.STOPWORDS:
                rows.append(index)
                columns.append(self.vocabulary.setdefault(word, len(self.vocabulary)))
        by_word = sparse.csc_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, columns)),
            shape=(len(self.concepts), max(1, len(self.vocabulary))),
        )
        self.word_starts, self.word_labels = by_word.indptr, by_word.indices
        self.word_rarity = np.log((1 + len(self.concepts)) / (1 + np.diff(self.word_starts)))
        self.label_word_counts = np.maximum(np.bincount(rows, minlength=len(self.concepts)), 1)
        self.label_rarity = np.maximum(
            np.bincount(rows, self.word_rarity[columns], minlength=len(self.concepts)), 1e-9
        )

    def _held_words(self, stems) -> list[int]:
        """The vocabulary's ids of the label words among the text's (stemmed) words."""
        return [self.vocabulary[w] for w in set(stems) & self.vocabulary.keys()]

    def _shared_words(self, held) -> tuple[np.ndarray, np.ndarray]:
        """Per skill, the share of its label's words the text holds, and that share with each
        word weighted by its rarity."""
        size = len(self.concepts)
        if not held:
            return np.zeros(size), np.zeros(size)
        postings = [self.word_labels[self.word_starts[w] : self.word_starts[w + 1]] for w in held]
        labels = np.concatenate(postings)
        rarity = np.repeat(self.word_rarity[held], [len(p) for p in postings])
        coverage = np.bincount(labels, minlength=size) / self.label_word_counts
        return coverage, np.bincount(labels, rarity, minlength=size) / self.label_rarity

    def _sharing_words(self, rare_share):
        """The ``word_shortlist`` skills whose labels hold most of the text's words, rare words
        counting most: a skill named by one or two words of a long text, which the whole text's
        context would not shortlist."""
        count = min(self.word_shortlist, len(rare_share))
        if not count:
            return np.zeros(0, dtype=int)
        best = np.argpartition(-rare_share, count - 1)[:count]
        return best[rare_share[best] > 0]

    def _alternative_similarity(self, span_vectors, candidates):
        """(spans, candidates): each span's cosine with the candidate's closest alternative label
        times ``alt_label``; -1 for a candidate with none."""
        out = np.full((len(span_vectors), len(candidates)), -1.0, dtype=np.float32)
        named = np.flatnonzero(self.alt_counts[candidates])
        if not len(named):
            return out
        counts = self.alt_counts[candidates[named]]
        segments = np.concatenate([[0], np.cumsum(counts)[:-1]])
        rows = np.arange(counts.sum()) - np.repeat(segments, counts)
        rows += np.repeat(self.alt_starts[candidates[named]], counts)
        sims = span_vectors @ self.alt_vectors[rows].astype(np.float32).T
        out[:, named] = self.weights.alt_label * np.maximum.reduceat(sims, segments, axis=1)
        return out

    def _exact_hits(self, found, stems):
        hits: dict[int, tuple[float, tuple[int, int]]] = {}
        for i in range(len(found)):
            for j in range(i + 1, min(i + self.longest_phrase, len(found)) + 1):
                if found[j - 1].clause != found[i].clause:
                    break
                for index in self.phrases.get(tuple(stems[i:j]), ()):
                    bonus = min(j - i, 3) / 3  # a one-word hit is weaker evidence than a phrase
                    if bonus > hits.get(index, (0.0,))[0]:
                        hits[index] = (bonus, (found[i].start, found[j - 1].end))
        return hits

    def _chinese_hits(self, text):
        grams = T.bigrams(text)
        hits = {}
        for index, label, label_grams in self.chinese:
            position = text.find(label)
            if position >= 0:
                hits[index] = (1.0, (position, position + len(label)))
                continue
            shared = label_grams & grams
            coverage = len(shared) / len(label_grams)
            if coverage >= 0.5:
                places = [text.find(g) for g in shared]
                hits[index] = (coverage, (min(places), max(places) + 2))
        return hits

    @staticmethod
    def _top(scores, top, min_score):
        count = min(top, len(scores))
        chosen = np.argpartition(-scores, count - 1)[:count]
        chosen = chosen[np.argsort(-scores[chosen], kind="stable")]
        return chosen[scores[chosen] >= min_score]

    def _match(self, text, index, score, best_span, ranges, exact, chinese, cued) -> Match:
        if index in chinese:
            start, end = chinese[index][1]
        elif index in exact:
            start, end = exact[index][1]
        elif best_span >= 0:
            start, end = (int(x) for x in ranges[best_span])
        else:
            start, end = 0, len(text)
        concept = self.concepts[index]
        return Match(
            uri=concept.uri,
            label=concept.label,
            score=round(float(score), 4),
            span=text[start:end],
            start=start,
            end=end,
            proficiency=T.proficiency_near(text, start) if cued else None,
        )
