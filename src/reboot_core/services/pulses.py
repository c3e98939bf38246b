"""Pulse checks: students tap, the instructor watches the ratio."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import attrs

from reboot_core.domain.actor import Actor
from reboot_core.domain.pulse import PulseCheck, PulseStats, PulseType
from reboot_core.errors import DomainError, Invalid
from reboot_core.ports.storage import UnitOfWork
from reboot_core.services._context import (
    Dependencies,
    joined,
    load_session,
    require_participant,
)

TICK = timedelta(microseconds=1)


@attrs.frozen
class TapRequest:
    actor: Actor
    pulse_type: PulseType | str


def parse_pulse_type(raw: object) -> PulseType:
    try:
        return PulseType(str(raw).strip().upper())
    except ValueError:
        raise Invalid("pulse_type must be UNDERSTAND or CONFUSED") from None


class PulseService:
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def send(self, actor: Actor, session_id: str, pulse_type: PulseType | str) -> PulseCheck:
        """Record a tap. A repeat of the same tap within the debounce window is not stored
        again: the earlier pulse is returned. Raises Conflict once the session has ended."""
        (outcome,) = self.send_many(session_id, [TapRequest(actor, pulse_type)])
        if isinstance(outcome, DomainError):
            raise outcome
        return outcome

    def send_many(
        self, session_id: str, taps: Sequence[TapRequest]
    ) -> list[PulseCheck | DomainError]:
        """``send`` for many taps of one session in one transaction: each tap's pulse, or
        the domain error ``send`` would have raised for it, in order. A student tapping
        twice in the batch is taken in order, as two calls would be."""
        kinds: list[PulseType | DomainError] = []
        for tap in taps:
            try:
                kinds.append(parse_pulse_type(tap.pulse_type))
            except DomainError as error:
                kinds.append(error)
        deps = self._deps
        with deps.uow() as uow:
            try:
                session = load_session(uow, session_id)
            except DomainError as error:
                return [k if isinstance(k, DomainError) else error for k in kinds]
            students = {t.actor.user_id for t in taps if not t.actor.is_instructor}
            participants = uow.participants.get_many(session_id, students)
            latest = dict(uow.pulses.latest_for_students(session_id, students))
            now = deps.clock.now()
            outcomes: list[PulseCheck | DomainError] = []
            added: list[PulseCheck] = []
            seen: set[str] = set()
            for tap, kind in zip(taps, kinds, strict=True):
                if isinstance(kind, DomainError):
                    outcomes.append(kind)
                    continue
                try:
                    tap.actor.require_student()
                    joined(participants.get(tap.actor.user_id)).require_live("sending a pulse")
                    session.require_open("sending a pulse")
                except DomainError as error:
                    outcomes.append(error)
                    continue
                student = tap.actor.user_id
                seen.add(student)
                before = latest.get(student)
                if before is not None and before.repeats(kind, now, deps.policy.pulse_debounce):
                    outcomes.append(before)
                    continue
                at = now
                if before is not None and at <= before.created_at:
                    at = before.created_at + TICK  # the later tap must still be the latest
                pulse = PulseCheck(deps.ids.new_id(), session_id, student, kind, at)
                latest[student] = pulse
                added.append(pulse)
                outcomes.append(pulse)
            if seen:
                uow.participants.touch_many(session_id, seen, now)
                uow.pulses.add_many(added)
                uow.commit()
            return outcomes

    def stats(self, actor: Actor, session_id: str) -> PulseStats:
        """Current understand/confused counts of active participants (instructor only)."""
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            return self.stats_in(uow, session_id)

    def stats_in(self, uow: UnitOfWork, session_id: str) -> PulseStats:
        """Each active participant's latest tap, if it is within the pulse window, counted by
        type; storage counts (a large class has thousands of taps in the window)."""
        policy = self._deps.policy
        now = self._deps.clock.now()
        counts = uow.pulses.current_counts(
            session_id, now - policy.pulse_window, now - policy.active_window
        )
        return PulseStats(
            counts.get(PulseType.UNDERSTAND, 0),
            counts.get(PulseType.CONFUSED, 0),
            int(policy.pulse_window.total_seconds()),
        )

    def my_state(self, actor: Actor, session_id: str) -> PulseType | None:
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            require_participant(uow, session, actor)
            latest = uow.pulses.latest_for_student(session_id, actor.user_id)
            return latest.pulse_type if latest else None
