"""The built-in, offline language model (no network, no model downloads)."""

from reboot_adapters.offline_language._model import OfflineLanguageModel

__all__ = ["OfflineLanguageModel"]
