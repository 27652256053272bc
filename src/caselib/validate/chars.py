"""Characters that do not belong in a record's text: invisible ones pasted from web pages and Word.

Validation reports them as errors (``record.RecordChecker.invisible``); ``lint --fix`` removes them
(``lint._cleanup``). One pattern for both.
"""

from __future__ import annotations

import re
import unicodedata

INVISIBLE = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064"
                       "\ufeff\ufff9-\ufffb]")


def char_name(char: str) -> str:
    return unicodedata.name(char, "控制字符")


def may_hide_invisible(text: str) -> bool:
    """Whether a value read from ``text`` (a file's whole text) can hold an invisible character: only when the text
    has one, or a backslash (a ``\\u200b`` escape in double quotes)."""
    return "\\" in text or INVISIBLE.search(text) is not None
