"""The deny-list: regular expressions over the shell text of a command the agent wants to run.

What it stops: the agent (or a prompt injection steering it) running a listed command written plainly or with the
usual cosmetic changes (extra spaces or tabs, quotes or backslashes inside words, line continuations). What it does
not stop: anything that builds the command at run time (variables, `eval`, base64, a script file written first and
run later, another interpreter's own API); it is a guard rail against accidents, not a sandbox boundary. The
sandbox's isolation (its own issue) is the boundary.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from openhands_platform.settings import ConfigError

_CONTINUATION = re.compile(r"\\\r?\n")
_QUOTES = re.compile(r"""["'\\]""")
_SPACE = re.compile(r"[ \t]+")


@dataclass(frozen=True)
class Denied:
    pattern: str
    index: int


class DenyList:
    def __init__(self, patterns: tuple[str, ...] | list[str]):
        compiled = []
        for i, pattern in enumerate(patterns):
            try:
                compiled.append(re.compile(pattern))
            except re.error as e:
                raise ConfigError(f"OHP_DENY_COMMANDS[{i}] {pattern!r} is not a regular expression: {e}") from e
        self._patterns = tuple(compiled)

    def __bool__(self) -> bool:
        return bool(self._patterns)

    @staticmethod
    def variants(command: str) -> tuple[str, ...]:
        """The command as written and as the shell would see its words (quotes, escapes, continuations gone)."""
        joined = _CONTINUATION.sub("", command)
        plain = _SPACE.sub(" ", _QUOTES.sub("", joined))
        return (command, _SPACE.sub(" ", joined), plain)

    def check(self, command: str) -> Denied | None:
        texts = self.variants(command)
        for i, pattern in enumerate(self._patterns):
            if any(pattern.search(text) for text in texts):
                return Denied(pattern=pattern.pattern, index=i)
        return None

    def refusal(self, denied: Denied) -> str:
        # The agent reads this: it says why, so it does not retry the same command in another spelling.
        return (f"This command was not run: it matches the platform's deny-list entry {denied.index} "
                f"({denied.pattern}). Do not try to run it another way; ask the user instead.")
