#!/usr/bin/python3
"""Golden BLEU values from NLTK for the tests of src/text/metrics/bleu.ts.

Run with Debian's Python, which has NLTK (apt-get install -y python3-nltk):

    /usr/bin/python3 packages/datasets/scripts/make-bleu-fixtures.py

Writes packages/datasets/fixtures/text/bleu.json: for each case the tokenised references and
hypotheses, the weights and smoothing, NLTK's corpus_bleu and, per hypothesis, sentence_bleu.
The "tatoeba-*" cases take English sentences of data/tatoeba-eng-fra.tsv.gz (in the repository;
see data/README.md) with at least three French translations: one translation, as is or perturbed, is
the hypothesis, the others are its references.
"""
import gzip
import json
import platform
import random
import re
import sys
import warnings
from pathlib import Path

import nltk
from nltk.translate.bleu_score import SmoothingFunction, corpus_bleu, sentence_bleu

PACKAGE = Path(__file__).resolve().parents[1]
CORPUS = PACKAGE.parents[1] / "data" / "tatoeba-eng-fra.tsv.gz"
OUT = PACKAGE / "fixtures" / "text" / "bleu.json"

SMOOTHING = {"none": None, "method1": SmoothingFunction().method1}


def tokens(s):
    """Lowercased words and punctuation; any tokenisation will do, the fixture stores tokens."""
    return re.findall(r"\w+|[^\w\s]", s.lower())


def case(name, references, hypotheses, weights=(0.25, 0.25, 0.25, 0.25), smoothing="none"):
    fn = SMOOTHING[smoothing]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # NLTK warns on zero n-gram matches; that is the point of some cases
        corpus = corpus_bleu(references, hypotheses, weights=weights, smoothing_function=fn)
        sentences = [sentence_bleu(r, h, weights=weights, smoothing_function=fn) for r, h in zip(references, hypotheses)]
    return {
        "name": name,
        "weights": list(weights),
        "smoothing": smoothing,
        "references": references,
        "hypotheses": hypotheses,
        "corpusBleu": float(corpus),
        "sentenceBleu": [float(s) for s in sentences],
    }


def hand_made():
    # NLTK's own docstring example: three references for the first hypothesis, one for the second.
    hyp1 = "It is a guide to action which ensures that the military always obeys the commands of the party".split()
    ref1a = "It is a guide to action that ensures that the military will forever heed Party commands".split()
    ref1b = "It is the guiding principle which guarantees the military forces always being under the command of the Party".split()
    ref1c = "It is the practical guide for the army always to heed the directions of the party".split()
    hyp2 = "he read the book because he was interested in world history".split()
    ref2a = "he was interested in world history because he read the book".split()
    refs, hyps = [[ref1a, ref1b, ref1c], [ref2a]], [hyp1, hyp2]
    yield case("nltk-docstring", refs, hyps)
    yield case("nltk-docstring-weights-0.1-0.3-0.5-0.1", refs, hyps, weights=(0.1, 0.3, 0.5, 0.1))
    yield case("nltk-docstring-bigram", refs, hyps, weights=(0.5, 0.5))
    yield case("nltk-docstring-5gram", refs, hyps, weights=(0.2,) * 5)
    # Short hypotheses: fewer tokens than the n-gram order (denominators of at least 1).
    short_refs = [[["the", "cat", "sat"], ["a", "cat", "sat", "down"]], [["go", "!"]], [["hello"]]]
    short_hyps = [["the", "cat"], ["go", "!"], ["hello"]]
    yield case("short-hypotheses", short_refs, short_hyps)
    yield case("short-hypotheses-method1", short_refs, short_hyps, smoothing="method1")
    # Clipping: a repeated word counts at most as often as in the best reference.
    clip_refs = [[["the", "cat", "is", "on", "the", "mat"], ["there", "is", "a", "cat", "on", "the", "mat"]]]
    clip_hyps = [["the", "the", "the", "the", "the", "the", "the"]]
    yield case("clipped-unigrams", clip_refs, clip_hyps)
    yield case("clipped-unigrams-method1", clip_refs, clip_hyps, smoothing="method1")
    # Unigram and bigram matches but no trigram or 4-gram: NLTK's method0 gives a tiny score.
    zero_refs = [[["a", "b", "c", "d", "e", "f"]], [["u", "v", "w", "x"]]]
    zero_hyps = [["a", "b", "x", "c", "d", "y"], ["u", "v", "q", "w"]]
    yield case("zero-higher-order-matches", zero_refs, zero_hyps)
    yield case("zero-higher-order-matches-method1", zero_refs, zero_hyps, smoothing="method1")
    # No unigram match anywhere: exactly 0, smoothed or not.
    none_refs = [[["a", "b", "c", "d"]], [["e", "f"]]]
    none_hyps = [["w", "x", "y", "z"], ["q"]]
    yield case("no-matches", none_refs, none_hyps)
    yield case("no-matches-method1", none_refs, none_hyps, smoothing="method1")
    # Closest reference length with a tie (3 and 5 for a hypothesis of 4: the shorter, 3, wins).
    tie_refs = [[["a", "b", "c", "d", "e"], ["a", "b", "c"]]]
    tie_hyps = [["a", "b", "c", "d"]]
    yield case("closest-length-tie", tie_refs, tie_hyps)
    # Hypothesis longer than every reference: no brevity penalty.
    yield case("long-hypothesis", [[["a", "b", "c", "d"]]], [["a", "b", "c", "d", "e", "f", "g"]])
    # An empty hypothesis inside a corpus.
    yield case("empty-hypothesis-in-corpus", [[["a", "b", "c", "d", "e"]], [["x", "y"]]], [["a", "b", "c", "d", "e"], []])
    # Perfect match.
    yield case("identical", [[["one", "two", "three", "four", "five"]]], [["one", "two", "three", "four", "five"]])


def tatoeba(rng):
    groups = {}
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for line in f:
            english, french = line.rstrip("\n").split("\t")[:2]
            groups.setdefault(english, [])
            if french not in groups[english]:
                groups[english].append(french)
    multi = [(e, fs) for e, fs in groups.items() if len(fs) >= 3 and len(tokens(e)) >= 5]
    chosen = rng.sample(multi, 150)
    refs, exact, perturbed = [], [], []
    for _, frs in chosen:
        toks = [tokens(f) for f in frs]
        refs.append(toks[1:])
        exact.append(toks[0])
        hyp = list(toks[0])
        edit = rng.choice(["drop", "swap", "replace", "truncate"])
        i = rng.randrange(len(hyp))
        if edit == "drop" and len(hyp) > 1:
            del hyp[i]
        elif edit == "swap" and len(hyp) > 1:
            j = rng.randrange(len(hyp))
            hyp[i], hyp[j] = hyp[j], hyp[i]
        elif edit == "replace":
            hyp[i] = "xyzzy"
        else:
            hyp = hyp[: max(1, len(hyp) // 2)]
        perturbed.append(hyp)
    yield case("tatoeba-other-translation", refs, exact)
    yield case("tatoeba-perturbed", refs, perturbed)
    yield case("tatoeba-perturbed-method1", refs, perturbed, smoothing="method1")


def main():
    if not CORPUS.exists():
        sys.exit(f"corpus not found: {CORPUS}")
    cases = list(hand_made()) + list(tatoeba(random.Random(20240611)))
    fixture = {
        "generator": "packages/datasets/scripts/make-bleu-fixtures.py",
        "nltk": nltk.__version__,
        "python": platform.python_version(),
        "cases": cases,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(fixture, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
