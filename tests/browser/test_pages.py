"""The pages one by one: served with a strict policy, load without script errors, refuse
wrong codes in Korean, never turn what people type into markup, and the small pure modules
(WAV encoding, Markdown) do what the live pages rely on."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from reboot_adapters.markdown_blocks import parse_blocks

pytestmark = pytest.mark.slow

PAGES = [
    "/",
    "/join?code=123456",
    "/instructor",
    "/instructor/live",
    "/instructor/after",
    "/review",
]


def expect() -> Any:
    from playwright.sync_api import expect

    return expect


def test_pages_are_served_with_a_strict_policy_and_load_cleanly(
    open_page: Any, server: str
) -> None:
    for path in PAGES:
        response = httpx.get(server + path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page = open_page(path)
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == "ko"
    # the assets are public, and the API next to them still wants a token
    assert httpx.get(f"{server}/static/js/api.js").status_code == 200
    assert httpx.get(f"{server}/static/index.html").status_code == 404
    assert httpx.get(f"{server}/api/auth/me/").status_code == 401


def test_signed_out_instructor_pages_lead_to_sign_in_and_back(open_page: Any) -> None:
    page = open_page("/instructor/after?session=abc")
    page.wait_for_url(re.compile(r"/instructor\?next="))
    page.get_by_label("이름 (사용자 ID)").fill("prof-lee")
    page.get_by_role("button", name="로그인", exact=True).click()
    page.wait_for_url(re.compile(r"/instructor/after\?session=abc$"))


def test_a_wrong_code_is_refused_in_korean(open_page: Any) -> None:
    page = open_page("/join?code=000000", phone=True)
    page.get_by_role("button", name="입장하기").click()
    expect()(page.get_by_role("alert")).to_contain_text("이 코드로 진행 중인 수업이 없어요")
    page.get_by_label("수업 코드").fill("12")
    page.get_by_role("button", name="입장하기").click()
    expect()(page.get_by_role("alert")).to_contain_text("숫자 6자리")


def test_what_students_type_stays_text(open_page: Any, server: str) -> None:
    with httpx.Client(base_url=server, timeout=10) as http:
        token = http.post(
            "/api/auth/dev-login/", json={"name": "prof-park", "role": "instructor"}
        ).json()["token"]
        teacher = {"Authorization": f"Bearer {token}"}
        session = http.post(
            "/api/learning/live/create/", headers=teacher, json={"lecture_id": "xss-101"}
        ).json()
        http.post(f"/api/learning/live/{session['id']}/start/", headers=teacher)
        other = http.post(
            "/api/learning/live/join/", json={"session_code": session["session_code"]}
        ).json()
        markup = '<img src=x onerror="window.hacked=1"><b>굵게?</b>'
        http.post(
            f"/api/learning/live/{session['id']}/questions/",
            headers={"Authorization": f"Bearer {other['token']}"},
            json={"question_text": markup},
        )
    page = open_page(f"/join?code={session['session_code']}", phone=True)
    page.get_by_role("button", name="입장하기").click()
    question = page.locator(".question .text").first
    expect()(question).to_contain_text(markup)
    assert page.locator(".question img, .question b").count() == 0
    assert page.evaluate("window.hacked") is None


def test_wav_chunks_and_markdown(open_page: Any) -> None:
    page = open_page("/")
    wav = page.evaluate(
        """async () => {
        const m = await import('/static/js/wav.js');
        const second = new Float32Array(48000).map((_, i) => Math.sin(i / 10));
        const pcm = m.toInt16(m.downsample(second, 48000));
        const bytes = new Uint8Array(await m.wavBlob(pcm).arrayBuffer());
        const view = new DataView(bytes.buffer);
        return {
            samples: pcm.length,
            riff: String.fromCharCode(...bytes.slice(0, 4)),
            rate: view.getUint32(24, true),
            bits: view.getUint16(34, true),
            channels: view.getUint16(22, true),
            size: bytes.length,
            clipped: Array.from(m.toInt16(new Float32Array([2, -2]))),
        };
    }"""
    )
    assert wav == {
        "samples": 16000,
        "riff": "RIFF",
        "rate": 16000,
        "bits": 16,
        "channels": 1,
        "size": 44 + 32000,
        "clipped": [32767, -32768],
    }
    # the server's block tree of a note, rendered by the page module
    blocks = parse_blocks(
        "# 제목\n\n- **굵게** 와 `code`\n- *자료: 노트* 와 select_related_x\n\n"
        "<script>alert(1)</script>\n\n| a | b |\n|---|---:|\n| 1 | [x](javascript:alert(1)) |"
        "\n\n3. 셋\n4. 넷"
    )
    html = page.evaluate(
        """async (blocks) => {
        const m = await import('/static/js/markdown.js');
        const box = document.createElement('div');
        box.append(m.renderBlocks(blocks));
        return box.innerHTML;
    }""",
        blocks,
    )
    assert html == (
        "<h2>제목</h2><ul><li><strong>굵게</strong> 와 <code>code</code></li>"
        "<li><em>자료: 노트</em> 와 select_related_x</li></ul>"
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
        '<div class="table-scroll"><table><thead><tr><th>a</th>'
        '<th style="text-align: right;">b</th></tr></thead><tbody><tr><td>1</td>'
        '<td style="text-align: right;">'
        "[x](javascript:alert(1))</td></tr></tbody></table></div>"
        '<ol start="3"><li>셋</li><li>넷</li></ol>'
    )
    # a tree that did not come from the server still cannot carry a script link or markup
    forged = page.evaluate(
        """async () => {
        const m = await import('/static/js/markdown.js');
        const box = document.createElement('div');
        box.append(m.renderBlocks([{type: 'paragraph', inline: [
            {type: 'link', href: 'javascript:alert(1)', inline: [{type: 'text', text: '<b>x</b>'}]},
            {type: 'html', text: '<img src=x>'}]}]));
        return box.innerHTML;
    }"""
    )
    assert forged == "<p>&lt;b&gt;x&lt;/b&gt;</p>"
