"""Word lists for light Korean processing: particles, endings, stopwords and a term map.

Kept as data so that tuning them never touches the algorithms that use them.
"""

from __future__ import annotations


def _wordlist(text: str) -> frozenset[str]:
    """Whitespace-separated words: long word lists stay readable as plain text."""
    return frozenset(text.split())


# Particles (josa) and copula forms that follow a noun. The rule says which final sound the
# noun must end with: Korean picks 을/를, 이/가, 은/는, 과/와, 으로/로 by whether the previous
# syllable has a final consonant (batchim), and checking it keeps nouns such as "어레이"
# or "평가" from losing a last syllable that only looks like a particle.
AFTER_CONSONANT = "consonant"
AFTER_VOWEL = "vowel"
AFTER_VOWEL_OR_RIEUL = "vowel_or_rieul"
AFTER_ANY = "any"

PARTICLES: dict[str, str] = {
    "은": AFTER_CONSONANT,
    "이": AFTER_CONSONANT,
    "을": AFTER_CONSONANT,
    "과": AFTER_CONSONANT,
    "과는": AFTER_CONSONANT,
    "으로": AFTER_CONSONANT,
    "으로는": AFTER_CONSONANT,
    "으로도": AFTER_CONSONANT,
    "으로서": AFTER_CONSONANT,
    "으로써": AFTER_CONSONANT,
    "이랑": AFTER_CONSONANT,
    "이나": AFTER_CONSONANT,
    "이라고": AFTER_CONSONANT,
    "이라는": AFTER_CONSONANT,
    "이란": AFTER_CONSONANT,
    "이라서": AFTER_CONSONANT,
    "이에요": AFTER_CONSONANT,
    "이죠": AFTER_CONSONANT,
    "이고": AFTER_CONSONANT,
    "이며": AFTER_CONSONANT,
    "이면": AFTER_CONSONANT,
    "이다": AFTER_CONSONANT,
    "이지만": AFTER_CONSONANT,
    "이든": AFTER_CONSONANT,
    "이요": AFTER_CONSONANT,
    "는": AFTER_VOWEL,
    "가": AFTER_VOWEL,
    "를": AFTER_VOWEL,
    "와": AFTER_VOWEL,
    "와는": AFTER_VOWEL,
    "랑": AFTER_VOWEL,
    "나": AFTER_VOWEL,
    "라고": AFTER_VOWEL,
    "라는": AFTER_VOWEL,
    "란": AFTER_VOWEL,
    "라서": AFTER_VOWEL,
    "예요": AFTER_VOWEL,
    "며": AFTER_VOWEL,
    "로": AFTER_VOWEL_OR_RIEUL,
    "로는": AFTER_VOWEL_OR_RIEUL,
    "로도": AFTER_VOWEL_OR_RIEUL,
    "로서": AFTER_VOWEL_OR_RIEUL,
    "로써": AFTER_VOWEL_OR_RIEUL,
    "의": AFTER_ANY,
    "에": AFTER_ANY,
    "에서": AFTER_ANY,
    "에게": AFTER_ANY,
    "에게서": AFTER_ANY,
    "한테": AFTER_ANY,
    "도": AFTER_ANY,
    "만": AFTER_ANY,
    "까지": AFTER_ANY,
    "부터": AFTER_ANY,
    "보다": AFTER_ANY,
    "처럼": AFTER_ANY,
    "마다": AFTER_ANY,
    "만큼": AFTER_ANY,
    "밖에": AFTER_ANY,
    "에는": AFTER_ANY,
    "에서는": AFTER_ANY,
    "에도": AFTER_ANY,
    "에서도": AFTER_ANY,
    "에서의": AFTER_ANY,
    "입니다": AFTER_ANY,
    "인데요": AFTER_ANY,
    "인데": AFTER_ANY,
    "인가요": AFTER_ANY,
    "인지": AFTER_ANY,
    "였어요": AFTER_ANY,
    "이었어요": AFTER_CONSONANT,
    "들": AFTER_ANY,
}

# Particles that say "the word before me is a noun": 은/는/도/만 also follow verb stems
# ("만드는", "같은"), so they are not evidence.
NOUN_EVIDENCE = frozenset(PARTICLES) - {"은", "는", "도", "만", "들", "나", "이나", "며", "이며"}

# 하다/되다 forms: the stem before them is a verbal noun ("사용합니다" -> "사용").
VERBAL_SUFFIXES: tuple[str, ...] = (
    "했습니다",
    "합니다",
    "하는데",
    "했는데",
    "하려면",
    "하니까",
    "했어요",
    "하세요",
    "됩니다",
    "시키는",
    "시키면",
    "하는",
    "하고",
    "해서",
    "하면",
    "하게",
    "하기",
    "해요",
    "하죠",
    "해야",
    "하지",
    "해도",
    "하여",
    "되는",
    "되고",
    "돼요",
    "되어",
    "되면",
    "돼서",
    "되지",
    "되기",
    "할",
    "한",
    "된",
    "될",
)

# Endings of verbs and adjectives: a word ending like this is not a key term.
PREDICATE_ENDINGS: tuple[str, ...] = (
    "습니다",
    "니다",
    "어요",
    "아요",
    "여요",
    "워요",
    "세요",
    "네요",
    "게요",
    "래요",
    "군요",
    "지요",
    "나요",
    "가요",
    "까요",
    "고요",
    "데요",
    "거든요",
    "죠",
    "는데",
    "니까",
    "지만",
    "어서",
    "아서",
    "려고",
    "려면",
    "면서",
    "다가",
    "거나",
    "어야",
    "아야",
    "는다",
    "었다",
    "았다",
    "겠다",
    "으면",
    "예요",
    "에요",
    "면",
    "해",
    "줘",
    "게",
    "던",
    "든",
)

# One-syllable nouns common in web lectures; other one-syllable stems are too ambiguous.
SHORT_NOUNS = _wordlist("뷰 폼 글 값 키 표 앱 행 열 줄 칸 탭 창 틀 책 돈 빵 맵 셀 팀 룰")

# Fillers, pronouns, adverbs and generic nouns that carry no lecture topic.
STOPWORDS = _wordlist(
    """
    자 이제 그럼 그러면 그래서 그리고 그런데 근데 하지만 그러니까 또 또는 혹은 및 즉
    이거 저거 그거 이것 저것 그것 이걸 그걸 저걸 여기 거기 저기 이렇게 그렇게 저렇게 이런 그런
    저런 이러한 그러한 우리 여러분 저희 제가 저는 나 너 것 거 수 때 등 중 좀 잠깐 조금 많이
    정말 진짜 그냥 사실 일단 먼저 다음 그다음 다시 바로 항상 보통 가장 제일 아주 너무 매우 꼭
    한번 한 두 세 네 예 뭐 무엇 무슨 어떤 어떻게 왜 언제 누가 어디 오늘 지금 이번 저번 경우
    부분 내용 이야기 얘기 설명 질문 예를 예시 말 정도 같은 있는 없는 하는 되는 있다 없다 하다
    되다 쉽게 말하면 실제로 비로소 반면에 반면 마지막으로 결국 딱 하나 하나하나 둘 셋 개 번 이상
    이하 만큼 모두 전부 각각 서로 같이 함께 따로 계속 아까 나중 처음 마지막 중요 필요 차이 방법
    문제 사용 확인 생각 이유 결과 점 뜻 거죠 건 걸 게 데 줄 분 씩 안 못 잘 더 덜 다 또한
    훨씬 정확히 혹시 선생님 여기까지 지금까지 그때 순간 쪽 앞 뒤 위 아래 안에 밖 전 후 동안
    대해 대한 통해 위해 위한 때문 때문에 관련 관해 경우에는 다른 새로운 각 모든 어느 여러
    이름 생기 가지 가져 보여 해 주 줘 봐 와 가 할게요 볼게요 그다음에 얼마나 엄청 완전 약간
    여기서 거기서 저기서 이때 그때는 만들어 나가 들어 붙어 써 봐요 거의 제대로 혹은 원래
    """
)

LATIN_STOPWORDS = _wordlist(
    """
    a an the of to in on at is are be it its this that for and or not no yes by as with from
    py self def return import class true false none ok if else elif then so do does can we you
    i my me our your etc vs e g ie
    """
)

# Cross-script synonyms: one canonical key per concept, then its spellings (lower case).
# Students mix "마이그레이션", "migrate" and "makemigrations" for the same thing; grouping
# their questions needs to know these are one concept.
TERM_MAP: dict[str, tuple[str, ...]] = {
    "orm": ("orm", "오알엠", "object relational mapping"),
    "마이그레이션": (
        "마이그레이션",
        "마이그레이트",
        "migration",
        "migrations",
        "migrate",
        "makemigrations",
        "메이크마이그레이션",
    ),
    "쿼리셋": ("쿼리셋", "queryset", "query set", "querysets"),
    "장고": ("장고", "django"),
    "모델": ("모델", "model", "models"),
    "모델폼": ("모델폼", "modelform", "model form"),
    "뷰": ("뷰", "view", "views"),
    "클래스형 뷰": ("클래스형 뷰", "클래스 기반 뷰", "cbv", "class based view", "class-based view"),
    "함수형 뷰": ("함수형 뷰", "함수 기반 뷰", "fbv", "function based view"),
    "제네릭 뷰": ("제네릭 뷰", "generic view", "listview", "detailview"),
    "템플릿": ("템플릿", "탬플릿", "템플렛", "template", "templates"),
    "폼": ("폼", "form", "forms"),
    "트랜잭션": ("트랜잭션", "트랜젝션", "transaction", "transactions", "atomic"),
    "롤백": ("롤백", "rollback"),
    "인덱스": ("인덱스", "색인", "index", "indexes", "db_index"),
    "비동기": ("비동기", "async", "asynchronous", "asyncio", "에이싱크", "sync_to_async"),
    "배포": ("배포", "deploy", "deployment", "디플로이"),
    "시리얼라이저": (
        "시리얼라이저",
        "직렬화",
        "serializer",
        "serializers",
        "serialization",
        "serialize",
    ),
    "rest": ("rest", "restful", "레스트", "rest framework", "drf"),
    "api": ("api", "에이피아이"),
    "select_related": ("select_related", "셀렉트 릴레이티드", "셀렉트릴레이티드"),
    "prefetch_related": ("prefetch_related", "프리페치 릴레이티드", "프리페치"),
    "n+1": ("n+1", "n + 1", "엔플러스원", "n플러스1"),
    "필터": ("필터", "filter"),
    "겟": ("겟", "get"),
    "로그인": ("로그인", "login", "log in", "login_required"),
    "인증": ("인증", "auth", "authentication", "authenticate"),
    "유저": ("유저", "사용자", "user", "users", "커스텀 유저", "abstractuser", "abstractbaseuser"),
    "비밀번호": ("비밀번호", "패스워드", "password"),
    "데이터베이스": ("데이터베이스", "디비", "database", "db"),
    "쿼리": ("쿼리", "query", "queries"),
    "sql": ("sql", "에스큐엘"),
    "테이블": ("테이블", "table", "tables"),
    "필드": ("필드", "field", "fields"),
    "요청": ("요청", "request"),
    "응답": ("응답", "response", "httpresponse"),
    "정적 파일": ("정적 파일", "static", "스태틱", "collectstatic"),
    "예외": ("예외", "exception"),
    "에러": ("에러", "오류", "error"),
    "지연 평가": ("지연 평가", "lazy evaluation", "lazy", "게으르"),
    "csrf": ("csrf", "csrf_token", "씨에스알에프"),
    "유효성 검사": ("유효성 검사", "유효성", "검증", "validation", "is_valid", "clean"),
    "url": ("url", "urls", "주소"),
    "wsgi 서버": ("gunicorn", "구니콘", "uwsgi", "uvicorn", "wsgi", "asgi"),
    "웹 서버": ("nginx", "엔진엑스", "apache", "아파치"),
    "개발 서버": ("runserver", "런서버", "개발 서버"),
    "설정": ("settings", "settings.py", "allowed_hosts", "secret_key", "debug", "환경 변수"),
}

# Concepts that belong to one topic of a web-development course. Questions about rollback and
# about transaction.atomic are different words for one thing an instructor answers once.
TOPIC_FAMILIES: dict[str, tuple[str, ...]] = {
    "쿼리셋": ("쿼리셋", "지연 평가"),
    "쿼리 최적화": ("select_related", "prefetch_related", "n+1"),
    "뷰": ("뷰", "클래스형 뷰", "함수형 뷰", "제네릭 뷰"),
    "폼": ("폼", "모델폼", "유효성 검사", "csrf"),
    "인증": ("인증", "로그인", "유저", "비밀번호"),
    "api": ("rest", "api", "시리얼라이저"),
    "트랜잭션": ("트랜잭션", "롤백"),
    "배포": ("배포", "정적 파일", "wsgi 서버", "웹 서버", "개발 서버", "설정"),
}

# Question endings and fillers that every question shares; they say nothing about the topic.
QUESTION_FILLERS = _wordlist(
    """
    뭔가요 무엇인가요 뭐예요 뭐에요 뭐죠 뭔지 뭐가 뭘 뭐 무슨 무엇 어떻게 왜 언제 어디서 어디
    궁금해요 궁금합니다 궁금한데요 궁금 설명해 설명해주세요 설명 주세요 주실 주시면 알려주세요
    알려 수 있나요 있을까요 모르겠어요 잘 좀 혹시 선생님 다시 한번 한 번 정확히 그냥 꼭 쉽게
    건가요 거예요 거에요 건지 인가요 맞나요 맞죠 되나요 하나요 해요 이해가 안 돼요 헷갈려요
    헷갈리는데 차이 차이가 차이를 이랑 랑 와 과 그리고 근데 그럼 아니면 ㅠㅠ ㅜㅜ
    """
)
