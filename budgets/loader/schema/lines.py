"""The ``budgets`` section: budget versions and their lines A1-E2 with an amount per room.

docs/agreement-format.md, "budgets"; the line groups and petty cash from DOMAIN.md and the
2021 agreement (BEGROTING).
"""

from __future__ import annotations

from collections.abc import Collection

from django.utils.translation import gettext as _
from yaml.nodes import Node, ScalarNode

from agreements.loader.source import NodeReader, join, max_length
from budgets.figures.groups import DEFAULT_GROUPS, RATIO_SUFFIX, GroupDef, RatioDef
from budgets.loader.schema.values import is_null, pairs, per_location
from budgets.loader.specs import BudgetLineSpec, BudgetSpec
from budgets.models import Budget, BudgetLine

LINE_OPTIONAL = ("group", "note", "footnote", "petty_cash")


def read_budgets(
    reader: NodeReader,
    node: Node | None,
    location_codes: set[str] | None,
    wider: Collection[str] | None = None,
) -> tuple[BudgetSpec, ...]:
    """The ``budgets`` list: one spec per version, in file order (``position`` its index), with
    its lines; a duplicate version is reported. ``wider``: the keys besides rooms a line's
    amounts may use (format 2: ``region`` and group codes; None in format 1). Problems go to
    ``reader``."""
    specs = []
    seen: dict[str, str] = {}
    for index, item in enumerate(reader.sequence(node, "budgets")):
        where = join("budgets", index)
        fields = reader.mapping(
            item,
            where,
            required=("version", "lines"),
            optional=("source",),
            since_2=("groups", "ratios"),
        )
        if fields is None:
            continue
        groups = _groups(reader, fields.get("groups"), join(where, "groups"))
        lines = _lines(
            reader,
            fields.get("lines"),
            join(where, "lines"),
            location_codes,
            groups or DEFAULT_GROUPS,
            wider,
        )
        ratios = _ratios(
            reader,
            fields.get("ratios"),
            join(where, "ratios"),
            {group.code for group in groups or DEFAULT_GROUPS},
            {line.code for line in lines},
        )
        version = reader.text(
            fields.get("version"), join(where, "version"), limit=max_length(Budget, "version")
        )
        if version is not None:
            if version in seen:
                reader.problem(
                    fields["version"],
                    join(where, "version"),
                    _("dubbele begrotingsversie '%(version)s' (ook %(other)s)")
                    % {"version": version, "other": seen[version]},
                )
            else:
                seen[version] = where
        specs.append(
            BudgetSpec(
                version=version or "",
                position=index,
                source=reader.text(fields.get("source"), join(where, "source"), nullable=True)
                or "",
                lines=lines,
                groups=groups,
                ratios=ratios,
            )
        )
    return tuple(specs)


def _groups(reader: NodeReader, node: Node | None, where: str) -> tuple[GroupDef, ...]:
    """The ``groups`` of one budget (format 2): a non-empty list of ``{code, name}`` with
    unique codes, in file order; () when absent (today's A-E). Problems go to ``reader``."""
    if node is None:
        return ()
    groups = []
    seen: dict[str, str] = {}
    for index, item in enumerate(reader.sequence(node, where, non_empty=True)):
        item_where = join(where, index)
        fields = reader.mapping(item, item_where, required=("code", "name"))
        if fields is None:
            continue
        code = reader.text(
            fields.get("code"),
            join(item_where, "code"),
            code=True,
            limit=max_length(BudgetLine, "group"),
        )
        name = reader.text(fields.get("name"), join(item_where, "name"))
        if code is None or name is None:
            continue
        if code in seen:
            reader.problem(
                fields["code"],
                join(item_where, "code"),
                _("dubbele groepscode '%(code)s' in deze begroting (ook %(other)s)")
                % {"code": code, "other": seen[code]},
            )
            continue
        seen[code] = item_where
        groups.append(GroupDef(code, name))
    return tuple(groups)


def _ratios(
    reader: NodeReader,
    node: Node | None,
    where: str,
    group_codes: set[str],
    line_codes: set[str],
) -> tuple[RatioDef, ...] | None:
    """The ``ratios`` of one budget (format 2): a list of ``{code, name, numerator,
    denominator?}``; a code ends in "_share" and is unique; numerator and denominator list
    codes of the budget's groups or lines (denominator absent or ``total``: the budget
    total). None when absent or null (the default ratios), () for ``ratios: []`` (none). Problems
    go to ``reader``."""
    if node is None or is_null(node):
        return None  # an empty "ratios:" is as absent
    ratios = []
    seen: dict[str, str] = {}
    for index, item in enumerate(reader.sequence(node, where)):
        item_where = join(where, index)
        fields = reader.mapping(
            item, item_where, required=("code", "name", "numerator"), optional=("denominator",)
        )
        if fields is None:
            continue
        code = reader.text(fields.get("code"), join(item_where, "code"), code=True)
        if code is not None and (not code.endswith(RATIO_SUFFIX) or code == "funders_share"):
            reader.problem(
                fields["code"],
                join(item_where, "code"),
                _("de code van een verhoudingsgetal eindigt op '%(suffix)s' (niet funders_share)")
                % {"suffix": RATIO_SUFFIX},
            )
            code = None
        if code is not None and code in seen:
            reader.problem(
                fields["code"],
                join(item_where, "code"),
                _("dubbele code '%(code)s' (ook %(other)s)") % {"code": code, "other": seen[code]},
            )
            code = None
        name = reader.text(fields.get("name"), join(item_where, "name"))
        numerator = _parts(
            reader, fields.get("numerator"), join(item_where, "numerator"), group_codes, line_codes
        )
        denominator: tuple[str, ...] | None = ()
        below = fields.get("denominator")
        if not (below is None or (isinstance(below, ScalarNode) and below.value == "total")):
            denominator = _parts(
                reader, below, join(item_where, "denominator"), group_codes, line_codes
            )
        if code is None or name is None or numerator is None or denominator is None:
            continue
        seen[code] = item_where
        ratios.append(RatioDef(code, name, numerator, denominator))
    return tuple(ratios)


def _parts(
    reader: NodeReader, node: Node | None, where: str, group_codes: set[str], line_codes: set[str]
) -> tuple[str, ...] | None:
    """A non-empty list of group or line codes of the budget; None after a problem."""
    codes = []
    ok = True
    for index, item in enumerate(reader.sequence(node, where, non_empty=True)):
        code = reader.text(item, join(where, index), code=True)
        if code is None:
            ok = False
        elif code not in group_codes and code not in line_codes:
            reader.problem(
                item,
                join(where, index),
                _("'%(code)s' is geen groep of regel van deze begroting (groepen: %(groups)s)")
                % {"code": code, "groups": ", ".join(sorted(group_codes))},
            )
            ok = False
        else:
            codes.append(code)
    return tuple(codes) if ok and codes else None


def _lines(
    reader: NodeReader,
    node: Node | None,
    where: str,
    location_codes: set[str] | None,
    groups: tuple[GroupDef, ...] = DEFAULT_GROUPS,
    wider: Collection[str] | None = None,
) -> tuple[BudgetLineSpec, ...]:
    """The ``lines`` of one budget at ``where``: unique codes, a group of ``groups`` (the
    budget's) or none, at most one petty-cash line, an amount (euros) for every location of
    the file; in format 2 (``wider``) also, or only, amounts for ``region`` and room groups
    (a line naming a room names every room). Problems go to ``reader``."""
    group_codes = [group.code for group in groups]
    specs = []
    seen: dict[str, str] = {}
    petty_cash: str | None = None
    for index, item in enumerate(reader.sequence(node, where)):
        line_where = join(where, index)
        fields = reader.mapping(
            item,
            line_where,
            required=("code", "description", "amounts"),
            optional=LINE_OPTIONAL,
        )
        if fields is None:
            continue
        code = reader.text(
            fields.get("code"),
            join(line_where, "code"),
            code=True,
            limit=max_length(BudgetLine, "code"),
        )
        if code is not None:
            if code in seen:
                reader.problem(
                    fields["code"],
                    join(line_where, "code"),
                    _("dubbele regelcode '%(code)s' in deze begroting (ook %(other)s)")
                    % {"code": code, "other": seen[code]},
                )
            else:
                seen[code] = line_where
        group = ""
        if not is_null(fields.get("group")):
            group = reader.text(fields["group"], join(line_where, "group")) or ""
            if group and group not in group_codes:
                reader.problem(
                    fields["group"],
                    join(line_where, "group"),
                    _("'%(value)s' is hier niet toegestaan (toegestaan: %(allowed)s)")
                    % {"value": group, "allowed": ", ".join(group_codes)},
                )
                group = ""
        is_petty_cash = bool(
            reader.boolean(fields.get("petty_cash"), join(line_where, "petty_cash"), default=False)
        )
        if is_petty_cash:
            if petty_cash is not None:
                reader.problem(
                    fields["petty_cash"],
                    join(line_where, "petty_cash"),
                    _("maar één kasregel per begroting (ook %(other)s)") % {"other": petty_cash},
                )
            petty_cash = petty_cash or line_where
        specs.append(
            BudgetLineSpec(
                code=code or "",
                position=index,
                group=group,
                description=reader.text(fields.get("description"), join(line_where, "description"))
                or "",
                note=reader.text(
                    fields.get("note"),
                    join(line_where, "note"),
                    nullable=True,
                    limit=max_length(BudgetLine, "note"),
                )
                or "",
                footnote=reader.text(
                    fields.get("footnote"), join(line_where, "footnote"), nullable=True
                )
                or "",
                is_petty_cash=is_petty_cash,
                amounts=pairs(
                    per_location(
                        reader,
                        fields.get("amounts"),
                        join(line_where, "amounts"),
                        location_codes,
                        every_location=True,
                        wider=wider,
                    )
                ),
            )
        )
    return tuple(specs)
