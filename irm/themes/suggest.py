"""The suggestion model: which articles, need categories and themes a finding is probably about.

Trained locally (scikit-learn) on confirmed findings — the articles and categories their drafters
gave them, and the tags the secretariat confirmed — and stored in the data directory as plain
arrays (`models/suggest.npz`, no pickle: loading it runs no code). Nothing is downloaded.

Method: the words of the finding in every language it has (irm.search.text: the same tokens as the
search, so Chinese is cut by jieba and the other languages are stemmed) are weighted by TF-IDF
(sub-linear term frequency, L2-normalised); one logistic regression per label (one-vs-rest) scores
each article, category and theme; a label is suggested when its score is at least `THRESHOLD`,
at most `MAX_SUGGESTIONS[kind]` per kind, best first. Labels with fewer than `MIN_EXAMPLES`
confirmed findings are not learned.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.conf import settings
from django.utils import timezone

KINDS = ("article", "category", "theme")
THRESHOLD = 0.5
MAX_SUGGESTIONS = {"article": 3, "category": 2, "theme": 3}
MIN_EXAMPLES = 3
MAX_FEATURES = 50_000


@dataclass
class Example:
    """One confirmed finding: its tokens, and its labels for each kind it was labelled for."""

    finding_id: int
    tokens: list[str]
    labels: dict[str, set[str]] = field(default_factory=dict)


@dataclass
class Suggestion:
    kind: str
    code: str
    score: float


@dataclass
class LabelModel:
    labels: list[str]
    coef: np.ndarray  # labels × vocabulary
    intercept: np.ndarray  # labels


@dataclass
class Suggester:
    vocabulary: dict[str, int]
    idf: np.ndarray
    models: dict[str, LabelModel]
    version: str
    trained_at: str
    examples: dict[str, int]

    def vectorise(self, documents: list[list[str]]):  # type: ignore[no-untyped-def]
        """TF-IDF rows exactly as scikit-learn's TfidfVectorizer(sublinear_tf=True) makes them."""
        from scipy.sparse import csr_matrix

        data: list[float] = []
        columns: list[int] = []
        indptr = [0]
        for tokens in documents:
            counts = Counter(self.vocabulary[t] for t in tokens if t in self.vocabulary)
            row = {col: (1.0 + math.log(n)) * float(self.idf[col]) for col, n in counts.items()}
            norm = math.sqrt(sum(v * v for v in row.values())) or 1.0
            for col, value in sorted(row.items()):
                columns.append(col)
                data.append(value / norm)
            indptr.append(len(columns))
        return csr_matrix(
            (np.asarray(data, dtype=np.float64), np.asarray(columns, dtype=np.int64), indptr),
            shape=(len(documents), len(self.vocabulary)),
        )

    def scores(self, documents: list[list[str]]) -> dict[str, np.ndarray]:
        matrix = self.vectorise(documents)
        out = {}
        for kind, model in self.models.items():
            logits = matrix @ model.coef.T.astype(np.float64) + model.intercept
            out[kind] = 1.0 / (1.0 + np.exp(-np.asarray(logits)))
        return out

    def suggest(
        self, documents: list[list[str]], *, threshold: float = THRESHOLD, top: dict[str, int] | None = None
    ) -> list[list[Suggestion]]:
        """For each document, the labels scoring at least `threshold`, at most `top[kind]` per kind."""
        top = top or MAX_SUGGESTIONS
        scored = self.scores(documents)
        results: list[list[Suggestion]] = [[] for _ in documents]
        for kind, matrix in scored.items():
            labels = self.models[kind].labels
            for row, values in enumerate(matrix):
                best = np.argsort(-values)[: top.get(kind, 3)]
                results[row].extend(
                    Suggestion(kind, labels[i], round(float(values[i]), 4))
                    for i in best
                    if values[i] >= threshold
                )
        return results


def train(examples: list[Example]) -> Suggester:
    """Fit the vocabulary and one logistic regression per label of each kind."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(
        analyzer=lambda tokens: tokens, sublinear_tf=True, min_df=2, max_features=MAX_FEATURES
    )
    documents = [e.tokens for e in examples]
    matrix = vectorizer.fit_transform(documents)
    vocabulary = {str(term): int(i) for term, i in vectorizer.vocabulary_.items()}
    models: dict[str, LabelModel] = {}
    counts: dict[str, int] = {}
    for kind in KINDS:
        rows = [i for i, e in enumerate(examples) if kind in e.labels]
        counts[kind] = len(rows)
        frequency = Counter(label for i in rows for label in examples[i].labels[kind])
        labels = sorted((lab for lab, n in frequency.items() if n >= MIN_EXAMPLES), key=_natural)
        coefs, intercepts, kept = [], [], []
        sub = matrix[rows]
        for label in labels:
            target = np.array([label in examples[i].labels[kind] for i in rows], dtype=int)
            if target.all():
                continue
            classifier = LogisticRegression(solver="liblinear", C=4.0, class_weight="balanced")
            classifier.fit(sub, target)
            coefs.append(classifier.coef_[0].astype(np.float32))
            intercepts.append(float(classifier.intercept_[0]))
            kept.append(label)
        if kept:
            models[kind] = LabelModel(kept, np.vstack(coefs), np.asarray(intercepts, dtype=np.float64))
    idf = vectorizer.idf_.astype(np.float64)
    version = hashlib.sha256(
        json.dumps([sorted(vocabulary.items()), {k: m.labels for k, m in models.items()}]).encode()
    ).hexdigest()[:12]
    return Suggester(vocabulary, idf, models, version, timezone.now().isoformat(), counts)


def _natural(value: str) -> tuple[int, int | str]:
    return (0, int(value)) if value.isdigit() else (1, value)


# --- storage: plain arrays ----------------------------------------------------------------------


def model_path() -> Path:
    return Path(settings.DATA_DIR) / "models" / "suggest.npz"


def save(suggester: Suggester, path: Path | None = None) -> Path:
    path = path or model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    terms = sorted(suggester.vocabulary, key=suggester.vocabulary.__getitem__)
    arrays: dict[str, np.ndarray] = {"terms": np.asarray(terms, dtype=str), "idf": suggester.idf}
    for kind, model in suggester.models.items():
        arrays[f"{kind}_labels"] = np.asarray(model.labels, dtype=str)
        arrays[f"{kind}_coef"] = model.coef
        arrays[f"{kind}_intercept"] = model.intercept
    meta = {"version": suggester.version, "trained_at": suggester.trained_at, "examples": suggester.examples}
    arrays["meta"] = np.asarray(json.dumps(meta))
    partial = path.with_suffix(".tmp.npz")
    np.savez_compressed(partial, **arrays)  # type: ignore[arg-type]
    partial.replace(path)  # readers never see half a model
    return path


def load(path: Path | None = None) -> Suggester | None:
    """The stored model, or None when none was trained yet."""
    path = path or model_path()
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as data:
        terms = [str(t) for t in data["terms"]]
        meta = json.loads(str(data["meta"]))
        models = {
            kind: LabelModel(
                [str(lab) for lab in data[f"{kind}_labels"]],
                data[f"{kind}_coef"],
                data[f"{kind}_intercept"],
            )
            for kind in KINDS
            if f"{kind}_labels" in data.files
        }
        return Suggester(
            vocabulary={t: i for i, t in enumerate(terms)},
            idf=data["idf"],
            models=models,
            version=meta["version"],
            trained_at=meta["trained_at"],
            examples=meta["examples"],
        )


def precision_recall(
    truth: Iterable[set[str]], predicted: Iterable[set[str]]
) -> tuple[float, float, int, int, int]:
    """Micro-averaged precision and recall (and true positives, predicted, actual)."""
    hits = guessed = actual = 0
    for true, guess in zip(truth, predicted, strict=True):
        hits += len(true & guess)
        guessed += len(guess)
        actual += len(true)
    return (hits / guessed if guessed else 0.0, hits / actual if actual else 0.0, hits, guessed, actual)
