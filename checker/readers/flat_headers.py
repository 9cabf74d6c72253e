"""The header words of a table saved flat (spec §6.3, §6.4), where a header row lost its cell boundaries
(`自然人法人或其他组织总计`) or came glued to the first row's label (`（本列数据…）申请人情况自然人…一、本年新收…`):
cut back into the table's words, and what is left, the row's label as printed."""

from __future__ import annotations

from checker import labels
from checker.lazy_re import lazy
from checker.model import DISCLOSURE_COLUMN_TITLES

# Header words of each table, normalised, longest first so that 本年处理决定数量 wins over 处理决定数量.
DISCLOSURE_HEADER = sorted({"信息内容", *(labels.normalise(t) for titles in DISCLOSURE_COLUMN_TITLES.values()
                                        for t in titles.values())}, key=len, reverse=True)
APPLICATION_HEADER = sorted({labels.normalise("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
                             "申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织",
                             "法律服务机构", "其他", "小计"}, key=len, reverse=True)
REVIEW_HEADER = sorted({"行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
                        "未经复议直接起诉", "复议后起诉"}, key=len, reverse=True)
# Their characters: a text layer cuts a header inside its words (`结果 结果 其他结 尚未`, `自然 法人或其他组织`).
APPLICATION_HEADER_CHARS = frozenset("".join(APPLICATION_HEADER)) | {"钩"}
REVIEW_HEADER_CHARS = frozenset("".join(REVIEW_HEADER))


def only_header_chars(norm: str, chars: frozenset[str]) -> bool:
    """Whether a normalised line prints nothing but a header's characters: a piece of a header a text layer
    cut inside its words."""
    return bool(norm) and set(norm) <= chars


def split_words(text: str, vocabulary: list[str]) -> list[str] | None:
    """A header line cut into the table's header words; None when something else is printed in it."""
    norm, words, i = labels.normalise(text), [], 0
    while i < len(norm):
        word = next((w for w in vocabulary if norm.startswith(w, i)), None)
        if word is None:
            return None
        words.append(word)
        i += len(word)
    return words or None


def joined_header(top: str, bottom: str, vocabulary: list[str]) -> list[str] | None:
    """A header row a text layer printed over two lines, each column title cut in two
    (`信息内容 本年新 本年新 对外公开` / `制作数量 公开数量 总数量`): its words, each top piece joined to the
    piece under it; None when the two lines are no such header."""
    upper, lower = top.split(), bottom.split()
    lead = upper[:1] if upper and labels.normalise(upper[0]) == "信息内容" else []
    upper = upper[len(lead):]
    if not upper or len(upper) != len(lower):
        return None
    words = [labels.normalise(w) for w in [*lead, *(a + b for a, b in zip(upper, lower))]]
    return words if all(w in vocabulary for w in words) else None


_NOTE = lazy(r"^\(本列数据的[勾钩]稽关系为[^)]*\)")


def peel_words(norm: str, vocabulary: list[str]) -> tuple[list[str], str]:
    """The header words a normalised label starts with, and the rest (the row's label). A word the
    vocabulary lacks between two it has (a misprinted heading, `本公开数量`) is a header word too."""
    words, at = [], 0
    while at < len(norm):
        word = next((w for w in vocabulary if norm.startswith(w, at)), None)
        if word is None:
            following = [(norm.find(w, at), w) for w in vocabulary if norm.find(w, at) > at]
            if not following or labels.disclosure_row(norm[at:min(following)[0]]):
                break
            start, word = min(following)
            words.append(norm[at:start])
            at = start
        words.append(word)
        at += len(word)
    return words, norm[at:]


def peel_header(label: str) -> tuple[list[str], str]:
    """A row label that a flattened page glued to the table's header (`（本列数据…）申请人情况自然人…一、
    本年新收…`): the header's words, and the row's label as printed."""
    norm = labels.normalise(label)
    words, at = [], 0
    note = _NOTE.match(norm)
    if note:
        words.append(note.group(0))
        at = note.end()
    while at < len(norm):
        word = next((w for w in APPLICATION_HEADER if norm.startswith(w, at)), None)
        if word is None:
            break
        words.append(word)
        at += len(word)
    if not words:
        return [], label
    cut = printed_length(label, at)
    return words, label[cut:].strip()


def printed_length(label: str, normalised_length: int) -> int:
    """How many printed characters of `label` make up its first `normalised_length` normalised ones."""
    for i in range(len(label) + 1):
        if len(labels.normalise(label[:i])) >= normalised_length:
            return i
    return len(label)
