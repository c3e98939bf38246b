"""Korean text analysis on kiwipiepy, shared by the speech and language adapters."""

from reboot_adapters.korean._kiwi import shared_kiwi, warm_up

__all__ = ["shared_kiwi", "warm_up"]
