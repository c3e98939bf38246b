"""LTI 1.3 Advantage tool: platform registrations, the tool's keys, login and launch
validation (PyJWT with PyJWKClient), deep linking, and the platform services.

The core knows nothing of LTI: ``reboot_http.controllers.lti`` turns a validated ``Launch``
into a Re:Boot token, a lecture and a session with the core's ordinary services.
"""

from reboot_adapters.lti._claims import teaches
from reboot_adapters.lti._keys import ToolKeys, new_key
from reboot_adapters.lti._launch import Launch, lecture_id_of, user_id_of
from reboot_adapters.lti._records import (
    LineItem,
    LoginState,
    LtiCourse,
    LtiPlatform,
    PlacedSession,
    ToolKey,
)
from reboot_adapters.lti._refusals import LtiRefusal, refused
from reboot_adapters.lti._registry import load_platforms_file
from reboot_adapters.lti._services import LtiGradebook, LtiRoster, PlatformServices, subject_of
from reboot_adapters.lti._store import LtiStore, MemoryLtiStore
from reboot_adapters.lti._tool import LoginRedirect, LtiTool, ToolUrls

__all__ = [
    "Launch",
    "LineItem",
    "LoginRedirect",
    "LoginState",
    "LtiCourse",
    "LtiGradebook",
    "LtiPlatform",
    "LtiRefusal",
    "LtiRoster",
    "LtiStore",
    "LtiTool",
    "MemoryLtiStore",
    "PlacedSession",
    "PlatformServices",
    "ToolKey",
    "ToolKeys",
    "ToolUrls",
    "lecture_id_of",
    "load_platforms_file",
    "new_key",
    "refused",
    "subject_of",
    "teaches",
    "user_id_of",
]
