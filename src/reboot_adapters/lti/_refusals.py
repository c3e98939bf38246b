"""Why a login or launch was refused, in Korean first and in English."""

from __future__ import annotations


class LtiRefusal(Exception):
    """A login, launch or deep link the tool will not accept; nothing was created."""

    def __init__(self, reason: str, korean: str, english: str, status: int = 400) -> None:
        super().__init__(f"{reason}: {english}")
        self.reason = reason
        self.korean = korean
        self.english = english
        self.status = status


def refused(reason: str) -> LtiRefusal:
    korean, english, status = REASONS[reason]
    return LtiRefusal(reason, korean, english, status)


REASONS: dict[str, tuple[str, str, int]] = {
    "unknown_platform": (
        "등록되지 않은 LMS(발급자 또는 클라이언트 ID)입니다. 관리자에게 도구 등록을 요청하세요.",
        "This LMS (issuer or client id) is not registered with the tool.",
        400,
    ),
    "missing_state": (
        "로그인 상태 값이 없습니다. LMS에서 활동을 다시 열어 주세요.",
        "The launch has no state. Open the activity again from the LMS.",
        400,
    ),
    "forged_state": (
        "로그인 상태 값이 맞지 않거나 만료되었습니다. LMS에서 활동을 다시 열어 주세요.",
        "The launch state is unknown, expired or does not match this browser.",
        400,
    ),
    "bad_token": (
        "LMS가 보낸 id_token을 읽을 수 없습니다.",
        "The id_token sent by the LMS is malformed.",
        400,
    ),
    "bad_signature": (
        "id_token 서명이 LMS의 공개 키와 맞지 않습니다.",
        "The id_token signature does not match the platform's published keys.",
        401,
    ),
    "wrong_issuer": (
        "id_token의 발급자가 로그인한 LMS와 다릅니다.",
        "The id_token issuer is not the platform the login started with.",
        401,
    ),
    "wrong_audience": (
        "id_token이 이 도구(클라이언트 ID)를 위한 것이 아닙니다.",
        "The id_token audience (or azp) is not this tool's client id.",
        401,
    ),
    "expired": (
        "id_token이 만료되었거나 발급 시각이 올바르지 않습니다. 활동을 다시 열어 주세요.",
        "The id_token has expired or its issue time is not valid.",
        401,
    ),
    "replayed_nonce": (
        "이미 사용된 로그인 요청입니다(nonce 재사용). 활동을 다시 열어 주세요.",
        "The nonce was already used or was not issued for this login.",
        401,
    ),
    "unknown_deployment": (
        "이 LMS 배포(deployment)는 등록되어 있지 않습니다.",
        "The deployment id is not registered for this platform.",
        403,
    ),
    "bad_message": (
        "지원하지 않는 LTI 메시지입니다.",
        "The LTI message type, version or required claims are not supported.",
        400,
    ),
    "not_instructor": (
        "교수자만 수업 세션을 만들거나 고를 수 있습니다.",
        "Only instructors may create or pick a session.",
        403,
    ),
    "not_placed": (
        "아직 교수자가 이 활동의 수업을 열지 않았습니다. 잠시 후 다시 열어 주세요.",
        "The instructor has not opened this activity's session yet.",
        409,
    ),
    "unavailable": (
        "LMS의 공개 키를 가져오지 못했습니다. 잠시 후 다시 시도해 주세요.",
        "The platform's keys could not be fetched; try again shortly.",
        503,
    ),
}

__all__ = ["REASONS", "LtiRefusal", "refused"]
