"""Runners of the end-of-session job (the core's JobQueue port)."""

from reboot_adapters.jobs.thread_queue import ThreadJobQueue

__all__ = ["ThreadJobQueue"]
