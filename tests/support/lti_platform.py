"""A small LTI 1.3 platform for tests: its own RSA key made at test time, and its JWKS,
token, membership and line-item endpoints served on 127.0.0.1 by a thread server.

The test drives the browser's part itself: it asks the tool's login URL, reads the redirect
(state and nonce), and posts an id_token this platform signed to the tool's launch URL.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
ISSUER = "https://lms.test.example"
CLIENT_ID = "reboot-client-1"
DEPLOYMENT = "deployment-1"


def new_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class TestPlatform:
    """The LMS side. ``tool_jwks`` answers the tool's public keys (the tests fetch them
    through the tool's own app) so the token endpoint can check client assertions."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    def __init__(self) -> None:
        self.key = new_rsa_key()
        self.kid = "platform-key-1"
        self.issuer = ISSUER
        self.client_id = CLIENT_ID
        self.deployment_id = DEPLOYMENT
        self.members: list[dict[str, Any]] = []
        self.line_items: list[dict[str, Any]] = []
        self.scores: list[dict[str, Any]] = []
        self.assertions: list[dict[str, Any]] = []
        self.fail_next_scores = 0
        self.tool_jwks: Callable[[], dict[str, Any]] | None = None
        # for browser tests: the course roles of each login_hint the /auth page answers for
        self.users: dict[str, list[str]] = {}
        self.course_page = "<p>no course</p>"
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def registration(self, **overrides: Any) -> dict[str, Any]:
        values = {
            "issuer": self.issuer,
            "client_id": self.client_id,
            "auth_login_url": f"{self.url}/auth",
            "token_url": f"{self.url}/token",
            "jwks_url": f"{self.url}/jwks",
            "deployment_ids": [self.deployment_id],
        }
        values.update(overrides)
        return values

    def start(self) -> TestPlatform:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def jwks(self) -> dict[str, Any]:
        jwk = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def claims(
        self,
        nonce: str,
        *,
        sub: str = "u-teacher",
        roles: list[str] | None = None,
        context_id: str = "course-101",
        link_id: str = "link-1",
        message_type: str = "LtiResourceLinkRequest",
        **extra: Any,
    ) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": sub,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "name": f"이름 {sub}",
            LTI + "message_type": message_type,
            LTI + "version": "1.3.0",
            LTI + "deployment_id": self.deployment_id,
            LTI + "roles": roles if roles is not None else [MEMBERSHIP + "Instructor"],
            LTI + "context": {"id": context_id, "title": "자료구조", "label": "CS101"},
            "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
                "context_memberships_url": f"{self.url}/memberships/{context_id}",
                "service_versions": ["2.0"],
            },
            "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
                "lineitems": f"{self.url}/lineitems",
                "scope": [
                    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
                ],
            },
        }
        if message_type == "LtiResourceLinkRequest":
            claims[LTI + "resource_link"] = {"id": link_id, "title": "3주차 라이브"}
        else:
            claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] = {
                "deep_link_return_url": f"{self.url}/deep-link-return",
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"],
                "data": "opaque-platform-data",
            }
        claims.update(extra)
        return {k: v for k, v in claims.items() if v is not None}

    def id_token(self, claims: dict[str, Any], key: rsa.RSAPrivateKey | None = None) -> str:
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": self.kid})


def _handler(platform: TestPlatform) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet test output
            pass

        def _send(self, status: int, body: Any, content_type: str = "application/json") -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def _authorized(self) -> bool:
            return self.headers.get("Authorization", "").startswith("Bearer platform-token-")

        def _html(self, body: str) -> None:
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            if path == "/auth":
                # the OIDC authorization endpoint: the user is signed in already, so it
                # answers at once with the id_token, posted by the browser to the tool
                query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                sub = query["login_hint"]
                claims = platform.claims(query["nonce"], sub=sub, roles=platform.users.get(sub, []))
                token = platform.id_token(claims)
                self._html(
                    f'<form method="post" action="{query["redirect_uri"]}">'
                    f'<input type="hidden" name="id_token" value="{token}">'
                    f'<input type="hidden" name="state" value="{query["state"]}"></form>'
                    "<script>document.forms[0].submit()</script>"
                )
            elif path == "/course":
                self._html(platform.course_page)
            elif path == "/jwks":
                self._send(200, platform.jwks())
            elif path.startswith("/memberships/"):
                if not self._authorized():
                    self._send(401, {"error": "no token"})
                    return
                content_type = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
                body = {"id": self.path, "context": {"id": path.rsplit("/", 1)[1]}}
                self._send(200, {**body, "members": platform.members}, content_type)
            elif path == "/lineitems":
                self._send(
                    200, platform.line_items, "application/vnd.ims.lis.v2.lineitemcontainer+json"
                )
            else:
                self._send(404, {"error": "not found"})

        def do_POST(self) -> None:
            path = urlsplit(self.path).path
            body = self._body()
            if path == "/token":
                form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                try:
                    assert platform.tool_jwks is not None
                    keys = jwt.PyJWKSet.from_dict(platform.tool_jwks())
                    kid = jwt.get_unverified_header(form["client_assertion"])["kid"]
                    claims = jwt.decode(
                        form["client_assertion"],
                        keys[kid].key,
                        algorithms=["RS256"],
                        audience=f"{platform.url}/token",
                    )
                except Exception as error:  # any bad assertion is a 401 to the tool
                    self._send(401, {"error": "invalid_client", "detail": str(error)})
                    return
                platform.assertions.append({**claims, "scope": form.get("scope", "")})
                token = "platform-token-" + secrets.token_hex(4)
                self._send(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600})
                return
            if not self._authorized():
                self._send(401, {"error": "no token"})
                return
            if path == "/lineitems":
                item = json.loads(body)
                item["id"] = f"{platform.url}/lineitems/{len(platform.line_items) + 1}"
                platform.line_items.append(item)
                self._send(201, item, "application/vnd.ims.lis.v2.lineitem+json")
            elif path.startswith("/lineitems/") and path.endswith("/scores"):
                if platform.fail_next_scores > 0:
                    platform.fail_next_scores -= 1
                    self._send(503, {"error": "try later"})
                    return
                score = json.loads(body)
                score["lineitem"] = f"{platform.url}{path.removesuffix('/scores')}"
                platform.scores.append(score)
                self._send(200, {})
            else:
                self._send(404, {"error": "not found"})

    return Handler


__all__ = ["CLIENT_ID", "DEPLOYMENT", "ISSUER", "MEMBERSHIP", "TestPlatform", "new_rsa_key"]
