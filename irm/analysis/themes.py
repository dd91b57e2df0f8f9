"""Group similar finding texts into themes, in any of the six UN languages.

Method (also written into the reports, `METHOD`):
1. Each text is normalised (lower case, punctuation removed, spaces collapsed) and cut into
   overlapping character n-grams of 2, 3 and 4 characters. Character n-grams need no word
   segmentation, so the same method works for Chinese, Arabic, Russian and the Latin scripts.
2. The n-grams are hashed into a fixed number of columns and weighted by TF-IDF (sub-linear term
   frequency × log inverse document frequency), and each text vector is scaled to unit length.
3. Cosine similarity between two texts is the dot product of their vectors. Greedy clustering:
   the text with the most neighbours above the threshold starts a theme and takes every
   unassigned text similar to it; this repeats until every text has a theme. One refinement pass
   moves each text to the theme whose centroid it is closest to.
4. A theme's representative texts are those closest to its centroid; themes are ranked by the
   number of findings they cover, then by the number of States.
Texts in different languages fall in different themes unless they share characters; a theme may
therefore appear once per language.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from typing import Any

import numpy as np

DIMENSIONS = 4096
NGRAMS = (2, 3, 4)
THRESHOLD = 0.3
MAX_TEXTS = 8000  # beyond this the similarity matrix is built in blocks anyway; keeps memory bounded

METHOD = {
    "en": (
        "Themes are computed, not hand-picked: each challenge text is cut into overlapping character "
        "sequences of 2 to 4 characters (which works the same way in all six languages, Chinese "
        "included), weighted by TF-IDF, and compared by cosine similarity. Texts are grouped greedily: "
        f"the text with the most similar texts (cosine similarity of at least {THRESHOLD}) starts a theme "
        "and takes the texts similar to it, and so on; a final pass moves each text to the closest theme. "
        "The representative texts of a theme are those closest to its centre. Texts in different "
        "languages only fall in the same theme if they share characters."
    ),
    "zh": (
        "主题是计算得出的，而非人工挑选：每条挑战文本被切分为 2 至 4 个字符的重叠字符序列"
        "（该方法对包括中文在内的六种语文同样适用），按 TF-IDF 加权，并以余弦相似度进行比较。"
        f"文本以贪心方式归组：相似文本（余弦相似度不低于 {THRESHOLD}）最多的文本开启一个主题，"
        "并吸收与其相似的文本，依此类推；最后一轮将每条文本移至最接近的主题。"
        "主题的代表性文本是最接近其中心的文本。不同语文的文本只有在共享字符时才会归入同一主题。"
    ),
}

_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(_PUNCT.sub(" ", text).split())


def _ngrams(text: str) -> list[str]:
    padded = f" {normalise(text)} "
    return [padded[i : i + n] for n in NGRAMS for i in range(max(len(padded) - n + 1, 0))]


def vectorise(texts: list[str]) -> np.ndarray:
    """Unit-length TF-IDF vectors of hashed character n-grams, one row per text."""
    matrix = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    for row, text in enumerate(texts):
        columns = np.fromiter(
            (zlib.crc32(g.encode("utf-8")) % DIMENSIONS for g in _ngrams(text)), dtype=np.int64
        )
        if columns.size:
            np.add.at(matrix[row], columns, 1.0)
    np.log1p(matrix, out=matrix)  # sub-linear term frequency
    df = (matrix > 0).sum(axis=0)
    idf = np.log((1 + len(texts)) / (1 + df)).astype(np.float32) + 1.0
    matrix *= idf
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def cluster(vectors: np.ndarray, threshold: float = THRESHOLD) -> np.ndarray:
    """Greedy clustering by cosine similarity; returns a theme number per row."""
    n = vectors.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    similar = vectors @ vectors.T >= threshold
    labels = np.full(n, -1, dtype=np.int64)
    unassigned = np.ones(n, dtype=bool)
    theme = 0
    # Number of still-unassigned similar texts per text, kept up to date as themes form.
    degree = similar.sum(axis=1).astype(np.int64)
    while unassigned.any():
        candidates = np.where(unassigned, degree, -1)
        leader = int(np.argmax(candidates))
        members = similar[leader] & unassigned
        members[leader] = True
        labels[members] = theme
        unassigned &= ~members
        degree -= similar[:, members].sum(axis=1)
        theme += 1
    # Refinement: move each text to the closest centroid.
    centroids = np.stack([vectors[labels == t].mean(axis=0) for t in range(theme)])
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    refined = np.argmax(vectors @ centroids.T, axis=1)
    # Renumber so that themes are 0..k-1 with no gaps.
    _, renumbered = np.unique(refined, return_inverse=True)
    return renumbered.astype(np.int64)


def find_themes(items: list[dict[str, Any]], *, limit: int = 10, examples: int = 3) -> list[dict[str, Any]]:
    """Themes among findings (dicts with id, text, language, state, articles), most frequent first."""
    items = items[:MAX_TEXTS]
    if not items:
        return []
    vectors = vectorise([i["text"] for i in items])
    labels = cluster(vectors)
    themes: list[dict[str, Any]] = []
    for theme in np.unique(labels):
        rows = np.flatnonzero(labels == theme)
        centroid = vectors[rows].mean(axis=0)
        closeness = vectors[rows] @ centroid
        order = rows[np.argsort(-closeness, kind="stable")]
        members = [items[i] for i in rows]
        themes.append(
            {
                "findings": len(rows),
                "states": len({m["state"] for m in members}),
                "articles": sorted({a for m in members for a in m["articles"]}),
                "languages": sorted({m["language"] for m in members}),
                "label": _label(items[order[0]]["text"]),
                "representative_texts": [
                    {"text": items[i]["text"], "language": items[i]["language"], "state": items[i]["state"]}
                    for i in order[:examples]
                ],
            }
        )
    themes.sort(key=lambda t: (-t["findings"], -t["states"], t["label"]))
    for rank, t in enumerate(themes, start=1):
        t["rank"] = rank
    return themes[:limit]


def _label(text: str, length: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
