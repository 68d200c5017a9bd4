"""Reading a YAML file as nodes that remember their position, and typed access to them.

Every problem found is collected as a :class:`Problem` with the file, line and column of the
offending node, so one run reports all of them (nothing is raised while reading).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import models
from django.utils.translation import gettext as _
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_CODE = re.compile(r"^[-a-zA-Z0-9_]+\Z")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
_DECIMAL = re.compile(r"^(?P<sign>-?)(?P<whole>\d+)(?:\.(?P<fraction>\d+))?\Z")

#: Most levels of nesting an agreement file may have (the format needs 6: an indicator's
#: targets in the indicators list); deeper is refused before Python's recursion limit is hit.
MAX_DEPTH = 50


class _DepthLimitedLoader(yaml.SafeLoader):
    """PyYAML's safe loader refusing nodes nested deeper than :data:`MAX_DEPTH` (a
    ``ComposerError`` at the node: a syntax error with line and column, never a
    RecursionError)."""

    _depth = 0

    def compose_node(self, parent: Node | None, index: object) -> Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    _("dieper genest dan %(levels)s niveaus") % {"levels": MAX_DEPTH},
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an agreement file.

    ``line`` and ``column`` count from 1 (None when the file could not be read at all);
    ``where`` is the path of the offending key, e.g. ``indicators[14].targets.cjm``
    (list positions count from 0).
    """

    file: str
    line: int | None
    column: int | None
    where: str
    message: str

    def __str__(self) -> str:
        position = self.file if self.line is None else f"{self.file}:{self.line}:{self.column}"
        return (
            f"{position}: {self.where}: {self.message}"
            if self.where
            else (f"{position}: {self.message}")
        )


class LoaderError(Exception):
    """An agreement file (or several) is invalid; ``problems`` lists everything found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def join(where: str, key: str | int) -> str:
    """The path of a child: ``join("indicators", 3)`` is ``indicators[3]``."""
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


def describe(node: Node) -> str:
    """What a node is, for messages ("a list", "a number", ...)."""
    if isinstance(node, MappingNode):
        return _("een mapping")
    if isinstance(node, SequenceNode):
        return _("een lijst")
    return {
        STR: _("tekst"),
        INT: _("een getal"),
        FLOAT: _("een getal"),
        BOOL: _("true/false"),
        NULL: _("niets (null)"),
        TIMESTAMP: _("een datum"),
    }.get(node.tag, node.tag)


def max_length(model: type[models.Model], field: str) -> int | None:
    """The ``max_length`` of a model's field, so the file is checked against the database."""
    return model._meta.get_field(field).max_length


class NodeReader:
    """Typed access to the nodes of one file; every accessor records problems in
    ``problems`` and returns None for an invalid (or absent optional) value."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        #: The file's ``format`` version (set by the agreement schema once read; 1 until then).
        #: Keys passed as ``since_2`` to :meth:`mapping` are refused while it is 1.
        self.format = 1
        self._constructor = SafeConstructor()

    def compose(self, path: Path) -> Node | None:
        """Read and compose ``path``; None (with a problem) when unreadable, empty or not YAML."""
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.problems.append(
                Problem(
                    self.file,
                    None,
                    None,
                    "",
                    _("bestand niet te lezen: %(error)s") % {"error": exc},
                )
            )
            return None
        if "\x00" in text:  # issue 10, "Bad input": a clear message, nothing loaded
            before = text[: text.index("\x00")]
            line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
            self.problems.append(
                Problem(
                    self.file,
                    line,
                    column,
                    "",
                    _("een NUL-teken (byte 0) hoort niet in een afsprakenbestand"),
                )
            )
            return None
        try:
            node = yaml.compose(text, Loader=_DepthLimitedLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
            detail = " ".join(part for part in (exc.context, exc.problem) if part)
            self.problems.append(
                Problem(
                    self.file,
                    line,
                    column,
                    "",
                    _("YAML-syntaxfout: %(detail)s") % {"detail": detail},
                )
            )
            return None
        except yaml.YAMLError as exc:
            self.problems.append(
                Problem(self.file, None, None, "", _("YAML-fout: %(error)s") % {"error": exc})
            )
            return None
        if node is None:
            self.problems.append(Problem(self.file, 1, 1, "", _("het bestand is leeg")))
        return node

    def problem(self, node: Node, where: str, message: str) -> None:
        """Record a problem at ``node``'s position."""
        mark = node.start_mark
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, where, message))

    def entries(self, node: Node, where: str) -> list[tuple[str, Node, Node]] | None:
        """The (key, key node, value node) triples of a mapping with text keys.

        Reports a node that is not a mapping, non-text keys and duplicate keys (the later
        one is dropped).
        """
        if not isinstance(node, MappingNode):
            self.problem(
                node,
                where,
                _("verwacht een mapping (regels sleutel: waarde), gevonden: %(found)s")
                % {"found": describe(node)},
            )
            return None
        found: dict[str, Node] = {}
        triples = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != STR:
                self.problem(
                    key_node,
                    where,
                    _("sleutels moeten tekst zijn, gevonden: %(found)s")
                    % {"found": describe(key_node)},
                )
                continue
            key = key_node.value
            if key in found:
                first = found[key].start_mark.line + 1
                self.problem(
                    key_node,
                    join(where, key),
                    _("dubbele sleutel (eerst op regel %(line)s)") % {"line": first},
                )
                continue
            found[key] = key_node
            triples.append((key, key_node, value_node))
        return triples

    def mapping(
        self,
        node: Node,
        where: str,
        *,
        required: Iterable[str],
        optional: Iterable[str] = (),
        since_2: Iterable[str] = (),
    ) -> dict[str, Node] | None:
        """A mapping with a fixed set of keys: reports unknown and missing required keys.

        ``since_2`` are optional keys of ``format: 2`` (docs/agreement-format.md, "Format
        versions"): in a ``format: 1`` file each is reported at its own line and column as a
        format-2 key (and left out of the result), so a format-1 file keeps its meaning.
        """
        triples = self.entries(node, where)
        if triples is None:
            return None
        required = tuple(required)
        newer = tuple(since_2)
        allowed = required + tuple(optional) + newer
        fields: dict[str, Node] = {}
        for key, key_node, value_node in triples:
            if key in newer and self.format < 2:
                self.problem(
                    key_node,
                    join(where, key),
                    _(
                        "'%(key)s' is een sleutel van format 2; dit bestand zegt format: "
                        "%(format)s (schrijf format: 2 om hem te gebruiken)"
                    )
                    % {"key": key, "format": self.format},
                )
            elif key not in allowed:
                self.problem(
                    key_node,
                    join(where, key),
                    _("onbekende sleutel (toegestaan: %(allowed)s)")
                    % {"allowed": ", ".join(allowed)},
                )
            else:
                fields[key] = value_node
        for key in required:
            if key not in fields:
                self.problem(
                    node, where, _("verplichte sleutel '%(key)s' ontbreekt") % {"key": key}
                )
        return fields

    def sequence(self, node: Node | None, where: str, *, non_empty: bool = False) -> list[Node]:
        """The items of a list (an absent optional list is empty)."""
        if node is None or (isinstance(node, ScalarNode) and node.tag == NULL and not non_empty):
            return []
        if not isinstance(node, SequenceNode):
            self.problem(
                node,
                where,
                _("verwacht een lijst, gevonden: %(found)s") % {"found": describe(node)},
            )
            return []
        if non_empty and not node.value:
            self.problem(node, where, _("de lijst mag niet leeg zijn"))
        return list(node.value)

    def _scalar(self, node: Node, where: str, tags: tuple[str, ...], expected: str) -> bool:
        if isinstance(node, ScalarNode) and node.tag in tags:
            return True
        self.problem(
            node,
            where,
            _("verwacht %(expected)s, gevonden: %(found)s")
            % {"expected": expected, "found": describe(node)},
        )
        return False

    def text(
        self,
        node: Node | None,
        where: str,
        *,
        nullable: bool = False,
        code: bool = False,
        limit: int | None = None,
    ) -> str | None:
        """A text value, stripped. ``nullable``: null (or absent) reads as None; ``code``: a
        stable code of letters, digits, '-' and '_'; ``limit``: the maximum length."""
        if node is None or (nullable and isinstance(node, ScalarNode) and node.tag == NULL):
            return None
        if not self._scalar(node, where, (STR,), _("tekst")):
            return None
        value = node.value.strip()
        if not value:
            self.problem(node, where, _("mag niet leeg zijn"))
            return None
        if code and not _CODE.match(value):
            self.problem(
                node,
                where,
                _("'%(value)s' is geen geldige code (alleen letters, cijfers, '-' en '_')")
                % {"value": value},
            )
            return None
        if limit is not None and len(value) > limit:
            self.problem(
                node,
                where,
                _("langer dan %(limit)s tekens (%(length)s)")
                % {"limit": limit, "length": len(value)},
            )
            return None
        return value

    def integer(self, node: Node | None, where: str) -> int | None:
        """A whole number."""
        if node is None or not self._scalar(node, where, (INT,), _("een geheel getal")):
            return None
        return self._constructor.construct_object(node)

    def boolean(self, node: Node | None, where: str, *, default: bool) -> bool | None:
        """true or false; ``default`` when absent."""
        if node is None:
            return default
        if not self._scalar(node, where, (BOOL,), _("true of false")):
            return None
        return self._constructor.construct_object(node)

    def date(self, node: Node | None, where: str, *, nullable: bool = True) -> datetime.date | None:
        """A date written YYYY-MM-DD, quoted or not; null reads as None when ``nullable``."""
        if node is None:
            return None
        if isinstance(node, ScalarNode) and node.tag == NULL:
            if not nullable:
                self.problem(node, where, _("een datum is verplicht"))
            return None
        if not self._scalar(node, where, (TIMESTAMP, STR), _("een datum (JJJJ-MM-DD)")):
            return None
        value = node.value.strip()
        try:
            if not _DATE.match(value):
                raise ValueError(value)
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.problem(
                node,
                where,
                _("'%(value)s' is geen geldige datum (verwacht JJJJ-MM-DD)") % {"value": value},
            )
            return None

    def choice(
        self, node: Node | None, where: str, choices: type[models.TextChoices]
    ) -> str | None:
        """One of the values of ``choices`` (e.g. a Section code)."""
        value = self.text(node, where)
        if value is None:
            return None
        if value not in choices.values:
            allowed = ", ".join(choices.values)
            self.problem(
                node,
                where,
                _("'%(value)s' is hier niet toegestaan (toegestaan: %(allowed)s)")
                % {"value": value, "allowed": allowed},
            )
            return None
        return value

    def decimal(
        self,
        node: Node | None,
        where: str,
        *,
        places: int,
        digits: int,
        negative: bool = False,
        text: str | None = None,
    ) -> Decimal | None:
        """A decimal number written with a decimal point and no thousands separator
        (``"35460"``, ``"11.00"``, or unquoted ``35460``), with at most ``places`` decimals and
        ``digits`` digits in all; negative only when ``negative``. ``text`` is the value to
        parse instead of the node's own (e.g. a percentage without its '%')."""
        if node is None or not self._scalar(node, where, (STR, INT, FLOAT), _("een getal")):
            return None
        value = node.value.strip() if text is None else text
        match = _DECIMAL.match(value)
        if match is None:
            self.problem(
                node,
                where,
                _(
                    "'%(value)s' is geen getal (schrijf bijv. 1234.50: een decimale punt, "
                    "geen scheidingsteken voor duizendtallen)"
                )
                % {"value": value},
            )
            return None
        fraction = match["fraction"] or ""
        if len(fraction) > places:
            message = _("'%(value)s' heeft meer dan %(places)s decimaal/decimalen") % {
                "value": value,
                "places": places,
            }
            if places == 2:
                message += " " + _(
                    "(schrijf euro's zonder scheidingsteken voor duizendtallen, bijv. 35460)"
                )
            self.problem(node, where, message)
            return None
        if match["sign"] and not negative:
            self.problem(node, where, _("'%(value)s' mag niet negatief zijn") % {"value": value})
            return None
        if len(match["whole"].lstrip("0")) > digits - places:
            self.problem(
                node,
                where,
                _("'%(value)s' is te groot (hoogstens %(digits)s cijfers)")
                % {"value": value, "digits": digits - places},
            )
            return None
        return Decimal(value)
