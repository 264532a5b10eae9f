"""txt.decode counts a text's control characters on its Latin-1 characters: it accepts and refuses
exactly what the reading with the pattern (kept here) did, with the same message."""

import random
import re

import pytest

from fazhi.docs import txt
from fazhi.errors import DocumentError

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _old_looks_like_text(text: str) -> bool:
    if not text:
        return True
    sample = text[:200_000]
    controls = len(_CONTROL.findall(sample))
    bad = sample.count("\ufffd")
    return controls <= max(2, len(sample) // 200) and bad <= max(2, len(sample) // 100)


def _old_decode(data: bytes, label: str = "该文件") -> str:
    """txt.decode as it read before the byte count (the charset_normalizer branch aside)."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        text = data.decode("utf-32", errors="replace")
    elif data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data:
        text = txt._utf16_without_bom(data)
        if text is None:
            raise DocumentError(txt.NOT_TEXT.format(name=label))
    else:
        text = None
        for enc in ("utf-8", "gb18030"):
            try:
                text = data.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        if text is None:
            return "<charset_normalizer>"
    if not _old_looks_like_text(text):
        raise DocumentError(txt.NOT_TEXT.format(name=label))
    return text


def _outcome(fn, data):
    try:
        return fn(data, "x.txt")
    except DocumentError as exc:
        return ("error", str(exc))
    except Exception as exc:  # noqa: BLE001 - the old reading's own failure, compared as such
        return ("raised", type(exc).__name__)


_PIECES = ["一、加强法治政府建设", "(一)", "县司法局", "。", ",", "\n", "\r\n", "\t", " ", "\u3000", "\ufffd", "\x00",
           "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x80", "\x85", "\x9f", "\xa0", "é", "\ufeff",
           "\U00020000", "𠀀字", "abc", "2024年"]


def _texts(n: int, seed: int):
    rnd = random.Random(seed)
    for _ in range(n):
        yield "".join(rnd.choice(_PIECES) for _ in range(rnd.randint(1, 30)))


def test_decode_as_before_on_utf8_gb18030_utf16_and_bom_texts():
    for text in _texts(6000, 3):
        variants = [text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8"), text.encode("utf-16-le"),
                    text.encode("utf-16"), text.encode("utf-8")[:-1]]
        try:
            variants.append(text.encode("gb18030"))
        except UnicodeEncodeError:
            pass
        for data in variants:
            if not data:
                continue
            want = _outcome(_old_decode, data)
            if want == "<charset_normalizer>":
                continue
            assert _outcome(txt.decode, data) == want, data


def test_control_count_on_latin1_characters_is_the_pattern_count():
    for text in _texts(6000, 4):
        for t in (text, text + "\ud800", "\x85\x9f\x80\xa0" * 3 + text):  # (a lone surrogate is dropped)
            assert txt._controls(t) == len(_CONTROL.findall(t)), t


def test_looks_like_text_as_before():
    for text in _texts(6000, 6):
        for t in (text, text * 40, "法治" * 300 + text):
            assert txt._looks_like_text(t) == _old_looks_like_text(t), t


@pytest.mark.parametrize("controls", [0, 1, 2, 3, 60])
def test_threshold_of_controls_as_before(controls):
    data = ("法治" * 200 + "\x01" * controls).encode("utf-8")
    assert _outcome(txt.decode, data) == _outcome(_old_decode, data)


def test_tab_tables_with_the_text_as_without():
    rnd = random.Random(5)
    pieces = ["甲", "乙局", "1", "\t", "  ", " ", "\u3000", "\u3000\u3000", "\n", "\r\n", "\ufeff", "序号"]
    for _ in range(20000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 25)))
        paras = txt.lines(text)
        assert txt.tab_tables(paras, text) == txt.tab_tables(paras), text
