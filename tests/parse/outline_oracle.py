"""outline._ends_with_note as it read before the bounded look-back (the test's oracle)."""

from fazhi.parse.outline import _NO_BRACKETS, _NOTE_TAIL, _STOPS, UNIT_NOTE_END


def ends_with_note(line: str) -> bool:
    last = line[-1:]
    if last not in _NOTE_TAIL and not last.isspace() and last:
        return False
    if last in _STOPS and line[-2:-1] not in _NOTE_TAIL and not line[-2:-1].isspace():
        return False
    t = line.rstrip()
    if t[-1:] in ("。", ".", ";", "；"):
        t = t[:-1].rstrip()
    if t[-1:] not in (")", "）", "]", "】"):
        return False
    i = len(t) - 1 - _NO_BRACKETS.match(t[::-1], 1).end()
    return i >= 0 and t[i] in "(（[【" and UNIT_NOTE_END.match(line, i) is not None
