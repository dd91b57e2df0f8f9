"""The suggestion model: which articles, need categories and themes a finding is probably about.

Trained locally (scikit-learn) on confirmed findings — the articles and categories their drafters
gave them, and the tags the secretariat confirmed — and stored in the data directory as plain
arrays (`models/suggest.npz`, no pickle: loading it runs no code). Nothing is downloaded.

Method: the words of the finding in every language it has (irm.search.text: the same tokens as the
search, so Chinese is cut by jieba and the other languages are stemmed) are weighted by TF-IDF
(sub-linear term frequency, L2-normalised); one logistic regression per label (one-vs-rest) scores
each article, category and theme. How each kind is learned and suggested is its `Policy`:

- articles and themes: the words name them ("whistle-blowers", "article 33"), so each label's
  classifier weighs its rare positives up (`balanced`) and a label is suggested when its score is at
  least `THRESHOLD`, at most `MAX_SUGGESTIONS[kind]`, best first;
- need categories: the words rarely decide them (a need for training may be filed as
  capacity-building or as legal advice), and balanced scores over-suggest rare categories (precision
  fell below suggesting the most frequent category to everyone). Their scores are calibrated
  probabilities (no re-weighting); at most as many are suggested as a need has on average (one), and
  the regularisation and the probability from which one is suggested are tuned on the training split
  by cross-validation (`FOLDS` folds) for the best F0.5: a wrong suggestion costs the secretariat a
  rejection, a missing one only a manual tag.

Labels with fewer than `MIN_EXAMPLES` confirmed findings are not learned.
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
FOLDS = 3


@dataclass(frozen=True)
class Policy:
    """How the labels of a kind are learned: re-weighted (`balanced`) with a fixed rule, or calibrated
    with the regularisation, the number of suggestions and the threshold tuned on the training split."""

    balanced: bool
    tuned: bool
    strength: float = 4.0  # logistic regression's C when not tuned


POLICIES = {
    "article": Policy(balanced=True, tuned=False),
    "category": Policy(balanced=False, tuned=True),
    "theme": Policy(balanced=True, tuned=False),
}
#: What the cross-validation chooses from (C, threshold); a tuned kind suggests at most as many labels
#: as its examples have on average (rounded; needs: 1.2 categories → 1).
TUNING_STRENGTHS = (0.1, 0.3, 1.0)
TUNING_THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 15))


@dataclass(frozen=True)
class Rule:
    """Which labels of a kind are suggested: at most `top`, each scoring at least `threshold`."""

    top: int
    threshold: float


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
    rules: dict[str, Rule] = field(default_factory=dict)

    def rule(self, kind: str) -> Rule:
        return self.rules.get(kind) or Rule(MAX_SUGGESTIONS.get(kind, 3), THRESHOLD)

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
        self, documents: list[list[str]], *, threshold: float | None = None, top: dict[str, int] | None = None
    ) -> list[list[Suggestion]]:
        """For each document, the labels of each kind its rule suggests (best first); `threshold` and
        `top` override the rules."""
        scored = self.scores(documents)
        results: list[list[Suggestion]] = [[] for _ in documents]
        for kind, matrix in scored.items():
            labels = self.models[kind].labels
            rule = self.rule(kind)
            limit = (top or {}).get(kind, rule.top)
            floor = rule.threshold if threshold is None else threshold
            for row, values in enumerate(matrix):
                best = np.argsort(-values, kind="stable")[:limit]
                results[row].extend(
                    Suggestion(kind, labels[i], round(float(values[i]), 4))
                    for i in best
                    if values[i] >= floor
                )
        return results


def _fit(matrix, target: np.ndarray, *, strength: float, balanced: bool) -> tuple[np.ndarray, float]:  # type: ignore[no-untyped-def]
    """Coefficients and intercept of one label's logistic regression (a constant when one class only)."""
    from sklearn.linear_model import LogisticRegression

    target = target.astype(int)
    if target.min() == target.max():
        share = min(max(float(target.mean()), 1e-4), 1 - 1e-4)
        return np.zeros(matrix.shape[1], dtype=np.float32), math.log(share / (1 - share))
    classifier = LogisticRegression(
        solver="liblinear", C=strength, class_weight="balanced" if balanced else None
    )
    classifier.fit(matrix, target)
    return classifier.coef_[0].astype(np.float32), float(classifier.intercept_[0])


def _f_half(targets: np.ndarray, chosen: np.ndarray) -> float:
    hits = float((targets & chosen).sum())
    if not hits:
        return 0.0
    precision, recall = hits / float(chosen.sum()), hits / float(targets.sum())
    return 1.25 * precision * recall / (0.25 * precision + recall)


def _chosen(scores: np.ndarray, top: int, threshold: float) -> np.ndarray:
    """Boolean matrix of the suggested labels: the `top` best of each row scoring ≥ `threshold`."""
    ranks = np.argsort(np.argsort(-scores, axis=1, kind="stable"), axis=1, kind="stable")
    return (ranks < top) & (scores >= threshold)


def tune(matrix, targets: np.ndarray, *, balanced: bool, seed: int = 19) -> tuple[float, Rule, float]:  # type: ignore[no-untyped-def]
    """(C, rule, its F0.5) with the best F0.5 over out-of-fold scores of the training rows."""
    folds = np.random.default_rng(seed).permutation(matrix.shape[0]) % FOLDS
    top = max(1, round(float(targets.sum()) / targets.shape[0]))
    best: tuple[float, float, Rule] = (-1.0, TUNING_STRENGTHS[0], Rule(top, THRESHOLD))
    for strength in TUNING_STRENGTHS:
        scores = np.zeros(targets.shape, dtype=np.float64)
        for fold in range(FOLDS):
            learn, held = folds != fold, folds == fold
            for column in range(targets.shape[1]):
                coef, intercept = _fit(
                    matrix[learn], targets[learn, column], strength=strength, balanced=balanced
                )
                logits = np.asarray(matrix[held] @ coef.astype(np.float64)).ravel() + intercept
                scores[held, column] = 1.0 / (1.0 + np.exp(-logits))
        for threshold in TUNING_THRESHOLDS:
            value = _f_half(targets, _chosen(scores, top, threshold))
            if value > best[0]:
                best = (value, strength, Rule(top, threshold))
    return best[1], best[2], best[0]


def _learn_kind(examples: list[Example], matrix, kind: str) -> tuple[LabelModel | None, Rule | None, int]:  # type: ignore[no-untyped-def]
    """The model of one kind (None without two classes to tell apart), its tuned rule, its examples."""
    policy = POLICIES.get(kind, Policy(balanced=True, tuned=False))
    rows = [i for i, e in enumerate(examples) if kind in e.labels]
    frequency = Counter(label for i in rows for label in examples[i].labels[kind])
    labels = [
        lab
        for lab in sorted((lab for lab, n in frequency.items() if n >= MIN_EXAMPLES), key=_natural)
        if frequency[lab] < len(rows)  # a label every example has tells nothing apart
    ]
    if not labels:
        return None, None, len(rows)
    sub = matrix[rows]
    targets = np.array([[lab in examples[i].labels[kind] for lab in labels] for i in rows], dtype=bool)
    strength, rule = policy.strength, None
    if policy.tuned and len(rows) >= FOLDS * MIN_EXAMPLES:
        strength, rule, _ = tune(sub, targets, balanced=policy.balanced)
    fitted = [
        _fit(sub, targets[:, j], strength=strength, balanced=policy.balanced) for j in range(len(labels))
    ]
    model = LabelModel(
        labels, np.vstack([c for c, _ in fitted]), np.asarray([b for _, b in fitted], dtype=np.float64)
    )
    return model, rule, len(rows)


def train(examples: list[Example]) -> Suggester:
    """Fit the vocabulary and one logistic regression per label of each kind (see `POLICIES`)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        analyzer=lambda tokens: tokens, sublinear_tf=True, min_df=2, max_features=MAX_FEATURES
    )
    matrix = vectorizer.fit_transform([e.tokens for e in examples])
    vocabulary = {str(term): int(i) for term, i in vectorizer.vocabulary_.items()}
    models: dict[str, LabelModel] = {}
    rules: dict[str, Rule] = {}
    counts: dict[str, int] = {}
    for kind in KINDS:
        model, rule, counts[kind] = _learn_kind(examples, matrix, kind)
        if model is not None:
            models[kind] = model
        if rule is not None:
            rules[kind] = rule
    idf = vectorizer.idf_.astype(np.float64)
    version = hashlib.sha256(
        json.dumps(
            [
                sorted(vocabulary.items()),
                {k: m.labels for k, m in models.items()},
                {k: [r.top, r.threshold] for k, r in rules.items()},
            ]
        ).encode()
    ).hexdigest()[:12]
    return Suggester(vocabulary, idf, models, version, timezone.now().isoformat(), counts, rules)


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
    meta = {
        "version": suggester.version,
        "trained_at": suggester.trained_at,
        "examples": suggester.examples,
        "rules": {kind: [rule.top, rule.threshold] for kind, rule in suggester.rules.items()},
    }
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
            rules={kind: Rule(int(top), float(t)) for kind, (top, t) in meta.get("rules", {}).items()},
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
