"""The cheap gates in front of the quantity, deadline and indicator searches decide exactly as
the searches they stand for (they exist for speed only, issue 10)."""

import random

from fazhi.parse import dates, metric_keys, metrics

# Characters that make or break the date words, and some that do neither.
_DATE_ALPHABET = "年月季度半内底末本12０٣-/.a每,"


def _strings(alphabet: str, n: int, seed: int) -> list[str]:
    r = random.Random(seed)
    return ["".join(r.choice(alphabet) for _ in range(r.randrange(1, 9))) for _ in range(n)]


def test_date_gate_matches_the_date_word_pattern():
    samples = ["2025年底前完成", "上半年", "本年度内", "年度报告", "3年以上", "2025-03-31", "3/4", "v1.2", "年末"]
    for s in samples + _strings(_DATE_ALPHABET, 5000, 1):
        assert dates._may_hold_date(s) == bool(dates._ANY_DATE_WORD.search(s)), s


def test_date_gate_says_no_to_texts_without_a_date_word():
    assert not dates._may_hold_date("健全依法决策机制，完善行政执法程序")
    assert dates.find_deadlines("推进年度考核", 2025) == []
    assert dates.find_deadlines("2025年底前完成", 2025)[0]["date"] == "2025-12-31"


def test_alias_candidates_cover_every_alias_that_can_match():
    """key_for tries an alias on a side of the figure whenever the full loop over all aliases
    (prefix test, then a search on both sides) would find a match there."""
    r = random.Random(3)
    for unit_class in range(-1, len(metric_keys.UNIT_CLASSES)):
        entries = metric_keys._alias_patterns(unit_class)
        words = "".join(e[1] for e in entries) + "".join(e[0].name for e in entries) + "的和了"
        for _ in range(300):
            before = "".join(r.choice(words) for _ in range(r.randrange(0, 14)))
            after = "".join(r.choice(words) for _ in range(r.randrange(0, 8)))
            tried = {(e[2].pattern, e[0], side) for e, b, a in metric_keys._candidates(unit_class, before, after)
                     for side, on in ((0, b), (1, a)) if on}
            for e in entries:
                if e[1] and e[1] not in before and e[1] not in after:
                    continue
                for side, seg in ((0, before), (1, after)):
                    if e[2].search(seg):
                        assert (e[2].pattern, e[0].key, side) in tried, (e[0].key, before, after)


# The date patterns as first written, with their look-behinds in front; dates.py moves each
# look-behind after the first character (faster scanning) and must find the same matches.
_LOOKBEHIND_FIRST = {
    "ymd": r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>1[0-2]|0?[1-9])[-/.](?P<d>3[01]|[12]\d|0?[1-9])(?!\d)(?P<before>前|以前|之前)?",
    "yto": r"(?<![\d到至])(?P<y>(?:19|20)\d{2})年(?=(?:要|将|力争|确保)?(?:成功|全面建成|全面完成|基本建成|基本形成|建成|完成|实现))",
    "thisyear": r"(?<![\d每一二两三四五六七八九十几])(?:年内|年底前|年底|年末前|年末|本年度内)",
}


def test_rewritten_date_patterns_find_the_same_matches():
    import re

    new = {kind: pat for kind, pat, *_ in dates.PATTERNS if kind in _LOOKBEHIND_FIRST and "[-/.]" in pat.pattern
           or kind == "thisyear" or kind == "yto" and "成功" in pat.pattern}
    samples = ["2019-3-5前", "12019-3-5", "到2025年完成", "32025年完成", "2025年完成", "年内", "每年内", "三年底",
               "本年度内", "一本年度内", "x年末前"]
    for kind, old in _LOOKBEHIND_FIRST.items():
        old_re = re.compile(old)
        for s in samples + _strings("1920253-/.年底内末前本度到至每三完成x", 4000, 5):
            want = [(m.span(), m.groupdict()) for m in old_re.finditer(s)]
            assert [(m.span(), m.groupdict()) for m in new[kind].finditer(s)] == want, (kind, s)


def test_last_sentence_without_the_sentence_list():
    for para in ["", "。", "a", "a。", "a。b", "a。b。", "a!b?c。", "。。a"] + _strings("ab。!?,", 3000, 7):
        spans = metrics._sentences(para)
        want = para[spans[-1][0] :] if spans else "prev"
        assert metrics._last_sentence(para, "prev") == want, para


def test_quote_gate_knows_every_quote_that_opens_a_span():
    from fazhi.parse.text import QUOTE_OPEN, quoted_spans

    quotes = "“”‘’《》〈〉〔〕「」『』【】（）()[]\"'«»"
    for o in quotes:
        for c in quotes:
            if quoted_spans(f"{o}三项{c}"):
                assert QUOTE_OPEN.search(o), o


def test_numeral_pairs_find_the_same_matches_as_the_quantity_pattern():
    from fazhi.parse import quantities

    c = quantities._cfg()
    samples = ["百分之九十五", "1,000件", "1,0000件", "3.5万元", "两千余万元", "一万二千份", "30余万户", "5 个",
               "统一", "2025年", "１２件", "第3名", "三十五项", "1.7万群众", "一千米", "百日攻坚"]
    alphabet = "0123.,一二十百千万亿点余多 分之件个项人次元米年第x"
    for s in samples + _strings(alphabet, 6000, 11):
        want = [(m.span(), m.groups()) for m in c.pattern.finditer(s)]
        assert [(m.span(), m.groups()) for m in quantities._matches(s, c)] == want, s


def test_every_date_pattern_match_holds_its_gate_words():
    """A text is scanned with a date pattern only when it holds the words every match of the
    pattern holds (each row's `needs` word and one of its `also` words): check on texts made
    to match."""
    samples = ["2025年3月31日前(每年)", "2025-03-31(每季度)", "每年第一季度", "每个季度末前", "每月10日前",
               "12月中旬前", "2025年3月31日前", "2025/3/31前", "2025年6月底前", "2025年第三季度", "2025年上半年",
               "截至2025年底", "到2027年", "2027年全面完成", "2026年实现", "3月31日前", "4月至6月底", "6月底前",
               "6月份提交", "三季度前", "上半年", "年底前", "本年度内"]
    alphabet = "2025136年月日旬季度第一三上半底末前份每个-/.至到成实现完全面内本"
    for s in samples + _strings(alphabet, 6000, 13):
        for kind, pat, need, also, *_ in dates.PATTERNS:
            if pat.search(s):
                assert not need or need in s, (kind, s)
                assert not also or any(w in s for w in also), (kind, pat.pattern, s)


def test_prefix_finder_finds_the_prefixes_of_every_two_characters():
    """The prefix finder (one pattern opening with the first characters) gives the alias prefixes
    among a text's character pairs, in order, overlapping ones included."""
    r = random.Random(5)
    for unit_class in range(-1, len(metric_keys.UNIT_CLASSES)):
        index, finder, _rest = metric_keys._key_index(unit_class)
        words = "".join(index) + "的和了-]^\\\n"
        for _ in range(300):
            s = "".join(r.choice(words) for _ in range(r.randrange(0, 14)))
            pairs = [s[i : i + 2] for i in range(len(s) - 1) if s[i : i + 2] in index]
            assert (finder.findall(s) if finder else []) == pairs, s


def test_date_scanners_with_their_first_characters_find_the_same_matches():
    """dates._PLAN scans with each pattern behind a look-ahead of the characters its matches
    open with (each row's `opens`): the matches and their groups are the pattern's own."""
    samples = ["12月中旬前", "2025年12月上旬", "3月31日前", "十二月底前", "6月份提交", "年6月底前", "到2025年底",
               "截至2025年末", "在2026年内完成", "第三季度前", "三季度末", "每季度", "上半年", "年上半年", "下半年前"]
    alphabet = "0123569十一二三四五六年月日旬上中下底末前份季度第半到至在于截每以之x"
    scanned = [(kind, scan) for kind, scan, *_ in dates._PLAN]
    assert sum(1 for row, (_, scan) in zip(dates.PATTERNS, scanned, strict=True) if row.pattern is not scan) >= 6
    for s in samples + _strings(alphabet, 6000, 17):
        for (kind, pat, *_), (_, scan) in zip(dates.PATTERNS, scanned, strict=True):
            want = [(m.span(), m.groupdict()) for m in pat.finditer(s)]
            assert [(m.span(), m.groupdict()) for m in scan.finditer(s)] == want, (kind, s)


def test_numeral_pairs_of_joined_texts_are_each_texts_own():
    """numeral_pairs scans the texts joined by a NUL: the positions are those one scan of each
    text gives, and find_quantities given them finds what it finds on its own."""
    from fazhi.parse import quantities

    c = quantities._cfg()
    alphabet = "0123.,一二十百万亿余多 分件个项人次%年第x\0"
    r = random.Random(19)
    for _ in range(800):
        texts = _strings(alphabet, r.randrange(0, 6), r.randrange(10**6)) + [""] * r.randrange(0, 2)
        r.shuffle(texts)
        pairs = quantities.numeral_pairs(texts)
        assert pairs == [[m.start() for m in c.pair.finditer(t)] for t in texts], texts
        for t, p in zip(texts, pairs, strict=True):
            assert quantities.find_quantities(t, p) == quantities.find_quantities(t), t


def _clause_around_by_scan(text: str, start: int, end: int) -> str:
    """dates.clause_around as first written: every stop before the date scanned left to right."""
    lo = max(0, start - dates.CLAUSE_WINDOW)
    left = lo
    for m in dates._STOP.finditer(text, lo, start):
        left = m.end()
    stop = dates._STOP.search(text, end, end + dates.CLAUSE_WINDOW)
    right = stop.start() if stop else min(len(text), end + dates.CLAUSE_WINDOW)
    comma = dates._STOP_OR_COMMA.search(text, end, right + 1)
    if comma and text[comma.start()] == "," and comma.start() - start >= 8:
        right = comma.start()
    return text[left:right].strip(" ,")


def test_clause_around_finds_the_last_stop_from_the_right():
    r = random.Random(23)
    for s in _strings("。;!?,ab年月 ", 3000, 29) + ["a" * 500 + "。" + "b" * 500]:
        for _ in range(3):
            start = r.randrange(len(s) + 1)
            end = r.randrange(start, len(s) + 1)
            assert dates.clause_around(s, start, end) == _clause_around_by_scan(s, start, end), (s, start, end)
    long = "甲。" + "乙" * 450 + "2025年底前完成"
    assert dates.clause_around(long, 452, 460) == _clause_around_by_scan(long, 452, 460)


def test_this_year_branches_open_with_their_own_character():
    """thisyear's 全年 branch puts its ^ in a look-behind after 全 (so that every branch opens
    with a character the engine can skip to): the same matches as ^全年 first."""
    import re

    pat = next(row.pattern for row in dates.PATTERNS if row.kind == "thisyear")
    old = re.compile(pat.pattern.replace("全(?<=^全)年", "^全年"))
    for s in ["全年", "全年内", "完成时间:全年", "年内", "本年度内"] + _strings("全年内本度底末前每三1x", 6000, 31):
        for pos in (0, 1):
            assert [m.span() for m in pat.finditer(s, pos)] == [m.span() for m in old.finditer(s, pos)], s


def test_anchored_patterns_tried_only_before_their_anchors():
    """The patterns with an anchor, tried only on the positions at most `back` characters
    before each occurrence of it (a written year for YEAR) where one of the characters it
    opens with stands, find what a scan of the whole text finds; the written years are
    _YEAR_NIAN's."""
    anchored = [(kind, scan, anchor, back, opens) for kind, scan, *_, anchor, back, opens in dates._PLAN if anchor]
    assert {kind for kind, *_ in anchored} >= {"marked", "ymd", "ym", "yq", "yh", "yend", "yto", "md", "m", "thisyear"}
    samples = ["截至2025年底", "到2025年末前", "在2026年内完成", "2019-2020年底", "20252026年底", "2025年3月31日前(每年)",
               "2025年6月底前", "2025年第三季度", "2025年上半年", "到2027年", "2027年全面完成", "至2026年实现", "3月31日前",
               "4月至6月底", "6月份", "十二月前", "第三季度前", "下半年", "年内", "本年度内", "全年"]
    alphabet = "2019年0536月日底末前内全到至在于截以之,第三季度上半(每)成实现完面本份一二十"
    tokens = ["2025年", "2019年", "1", "20", "到", "至", "截至", "在", "3月", "12月", "十二月", "31日", "底", "末", "前", "以前",
              "内", "全年", "年", "本年度", ",", "第三季度", "三季度", "上半年", "半年", "(每年)", "成功", "全面完成", "实现", "-",
              "的", "份", "月月", "１２月"]
    r = random.Random(37)
    longer = ["".join(r.choice(tokens) for _ in range(r.randrange(1, 7))) for _ in range(6000)]
    found = 0
    for s in samples + _strings(alphabet, 3000, 37) + longer:
        assert dates._anchor_positions(s, dates.YEAR) == [m.start() for m in dates._YEAR_NIAN.finditer(s)], s
        for kind, scan, anchor, back, opens in anchored:
            want = [(m.span(), m.groupdict()) for m in scan.finditer(s)]
            at = dates._anchor_positions(s, anchor)
            got = [(m.span(), m.groupdict()) for m in dates._anchored_matches(scan, s, at, back, opens)]
            assert got == want, (kind, s)
            found += len(got)
    assert found > 2000  # the strings do hold dates of these kinds


def test_patterns_follow_from_the_gate_words_present():
    """_patterns_for(text) keeps a pattern exactly when the text holds its
    `needs` word and one of its `also` words."""
    alphabet = "".join(dates._GATE_WORDS) + "x"
    for s in _strings(alphabet, 3000, 41):
        want = [row.kind for row in dates.PATTERNS
                if (not row.needs or row.needs in s) and (not row.also or any(w in s for w in row.also))]
        assert [p[0] for p in dates._patterns_for(s)] == want, s


def test_every_alias_match_holds_its_required_word():
    """key_for skips a side of a figure without an alias's required word (metric_keys._alias_patterns):
    every match of the alias holds it."""
    r = random.Random(43)
    for unit_class in range(-1, len(metric_keys.UNIT_CLASSES)):
        entries = metric_keys._alias_patterns(unit_class)
        for e in entries:
            pat, need = e[2], e[6]
            words = pat.pattern.replace("\\", "") + "的和了,、"
            for _ in range(60):
                s = "".join(r.choice(words) for _ in range(r.randrange(0, 16)))
                if pat.search(s):
                    assert need in s, (pat.pattern, need, s)
            for ind_alias in e[0].aliases:
                if pat.search(ind_alias) is not None:
                    assert need in ind_alias, (ind_alias, need)


def test_plain_runs_of_regex_aliases():
    assert metric_keys._plain_runs("新收[^,。;、]{0,4}复议") == ("新收", "复议")
    assert metric_keys._plain_runs("执法.{0,4}人员.{0,8}培训") == ("执法", "人员", "培训")
    assert metric_keys._plain_runs("可?复议") == ("复议",)
    assert metric_keys._plain_runs("a|b") == () and metric_keys._plain_runs("(月度)") == ()
    assert metric_keys._plain_runs("a[^]b]c") == ()


def test_item_title_pattern_without_backtracking():
    """tasks._TITLE (a possessive run) reads the titles the lazy pattern it replaced read."""
    import re

    from fazhi.parse import tasks

    lazy = re.compile(r"^([^。,;:!?]{2,40}?)[。:](?=.)")
    r = random.Random(47)
    samples = _strings("ab。,;:!?\n", 8000, 53) + ["x" * r.randrange(0, 45) + r.choice("。:,;") + r.choice(["", "y", "\n", "。"])
                                                for _ in range(3000)]
    for s in samples:
        want, got = lazy.match(s), tasks._TITLE.match(s)
        assert (got and got.group(1)) == (want and want.group(1)), s


def test_sentences_by_find_are_the_sentence_pattern_spans():
    import re

    end = re.compile("[。!?]")
    for para in ["", "。", "a", "a。", "a!b?c。", "。。a", "a?b!"] + _strings("ab。!?,", 3000, 17):
        want, start = [], 0
        for m in end.finditer(para):
            want.append((start, m.end()))
            start = m.end()
        if start < len(para):
            want.append((start, len(para)))
        assert metrics._sentences(para) == want, para


def test_may_take_key_is_true_whenever_a_late_key_is_found():
    """_respectively asks _sub_unit_key, _shared_verb_key and _total_key only for the figures
    _may_take_key lets through: none of them keys a figure it stops."""
    from fazhi.parse.quantities import find_quantities

    r = random.Random(23)
    words = ["受理", "复议", "案件", "其中", "市本级", "县", "共", "累计", "分别为", "较上年", "为", "区政府", "合同",
             "审核", "规范性文件", "培训", "人次", "批次", "12件", "3件", "5人次", "6批次", "98.6%", "、", ",", ";", ":", "。",
             "审核区政府规范性文件8件", "、区政府合同152件", "纠错率较上年下降1.8个百分点", ",为13.03%", "组织执法人员培训6批次",
             "、共860人次", ",累计1500人", "调解成功率分别为:", "市区98.6%", "收到复议申请1526件", ",其中市本级482件"]
    for _ in range(3000):
        para = "".join(r.choice(words) for _ in range(r.randrange(3, 16)))
        qs = find_quantities(para, ops=False)
        found = [{"key": r.choice([None, None, "reconsideration.accepted"])} for _ in qs]
        for i, q in enumerate(qs):
            prev_end = qs[i - 1].end if i and qs[i - 1].clause_start == q.clause_start else q.clause_start
            head = para[prev_end : q.start]
            if not metrics._may_take_key(para, qs, found, i, head):
                assert metrics._sub_unit_key(para, qs, found, i, head, para) is None, para
                assert metrics._shared_verb_key(para, qs, i, head, para) is None, para
                assert metrics._total_key(para, qs, i, para) is None, para


def test_clause_around_by_rfind_and_two_searches():
    """clause_around reads the clause's ends with one match from the left (the last stop) and
    one search to the right (a stop or comma): what rfind of each stop and the two searches of
    its first form read."""
    def first_form(text: str, start: int, end: int) -> str:
        lo = max(0, start - dates.CLAUSE_WINDOW)
        last = max(text.rfind(c, lo, start) for c in "。;!?")
        left = last + 1 if last >= 0 else lo
        stop = dates._STOP.search(text, end, end + dates.CLAUSE_WINDOW)
        right = stop.start() if stop else min(len(text), end + dates.CLAUSE_WINDOW)
        comma = dates._STOP_OR_COMMA.search(text, end, right + 1)
        if comma and text[comma.start()] == "," and comma.start() - start >= 8:
            right = comma.start()
        return text[left:right].strip(" ,")

    r = random.Random(67)
    texts = _strings("。;!?,ab年 \n", 3000, 71) + ["a" * 500 + "。" + "b" * 500, "x" * 395 + "," + "y" * 20,
                                               "x" * 398 + "," + "y" * 5 + "。"]
    for s in texts:
        for _ in range(4):
            start = r.randrange(len(s) + 1)
            end = r.randrange(start, min(len(s), start + 12) + 1)
            assert dates.clause_around(s, start, end) == first_form(s, start, end), (s, start, end)
    for s in texts[-2:]:
        for start in range(0, 20):
            assert dates.clause_around(s, start, start + 2) == first_form(s, start, start + 2)
