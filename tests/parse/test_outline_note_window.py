"""outline._ends_with_note looks for a note's opening bracket in the note's longest span only:
it answers as the look-back over the whole reversed line (tests/parse/outline_oracle.py) did,
on lines whose notes are near, at and past that span."""

import random

from fazhi.parse.outline import _NOTE_SPAN, _ends_with_note
from tests.parse.outline_oracle import ends_with_note


def test_bounded_look_back_as_the_whole_line():
    rnd = random.Random(17)
    words = ["牵头", "负责", "单位", "配合", "县司法局", "、", "某", "。", ";", " ", "(", "（", ")", "）", "【", "】", "[", "]"]
    for _ in range(20000):
        head = "".join(rnd.choice(words) for _ in range(rnd.randint(0, 6)))
        body_len = rnd.choice([0, 1, 5, 38, 40, 41, 199, 200, 201, _NOTE_SPAN - 4, _NOTE_SPAN - 3, _NOTE_SPAN - 2,
                               _NOTE_SPAN - 1, _NOTE_SPAN, _NOTE_SPAN + 1, 400])
        cut = rnd.randint(0, body_len)
        word = rnd.choice(["牵头", "负责", "单位", "某某"])
        body = "某" * cut + word + "某" * (body_len - cut)
        line = head + rnd.choice("(（[【") + body + rnd.choice(")）]】") + rnd.choice(["", "。", " ", ";", "。 "])
        assert _ends_with_note(line) == ends_with_note(line), line
        noise = "".join(rnd.choice(words) for _ in range(rnd.randint(1, 12)))
        assert _ends_with_note(noise) == ends_with_note(noise), noise
