"""Claim names of LTI 1.3 / Advantage messages, and the role mapping."""

from __future__ import annotations

from collections.abc import Iterable

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
MESSAGE_TYPE = LTI + "message_type"
VERSION = LTI + "version"
DEPLOYMENT_ID = LTI + "deployment_id"
ROLES = LTI + "roles"
CONTEXT = LTI + "context"
RESOURCE_LINK = LTI + "resource_link"
TARGET_LINK_URI = LTI + "target_link_uri"
CUSTOM = LTI + "custom"
DEEP_LINKING_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
CONTENT_ITEMS = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items"
DL_DATA = "https://purl.imsglobal.org/spec/lti-dl/claim/data"
NAMES_ROLES = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
GRADES = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"

RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest"
DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest"
DEEP_LINKING_RESPONSE = "LtiDeepLinkingResponse"
MESSAGE_TYPES = frozenset({RESOURCE_LINK_REQUEST, DEEP_LINKING_REQUEST})
LTI_VERSION = "1.3.0"

# context (course membership) roles only: an institution role such as "faculty" says
# nothing about this course, so a teacher enrolled as a learner stays a student here
MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership"
TEACHING = frozenset({"Instructor", "TeachingAssistant", "ContentDeveloper"})


def teaches(roles: Iterable[object]) -> bool:
    """True when a course role of the launch makes the user an instructor; any other role,
    known or not, leaves them a student."""
    for role in roles:
        if not isinstance(role, str):
            continue
        if role in TEACHING:  # the short names LTI 1.3 still allows
            return True
        if role.startswith(MEMBERSHIP) and role.rpartition("#")[2] in TEACHING:
            return True
    return False


__all__ = ["teaches"]
