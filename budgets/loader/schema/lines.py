"""The ``budgets`` section: budget versions and their lines A1-E2 with an amount per room.

docs/agreement-format.md, "budgets"; the line groups and petty cash from DOMAIN.md and the
2021 agreement (BEGROTING).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from yaml.nodes import Node

from agreements.loader.source import NodeReader, join, max_length
from budgets.loader.schema.values import is_null, pairs, per_location
from budgets.loader.specs import BudgetLineSpec, BudgetSpec
from budgets.models import Budget, BudgetLine, LineGroup

LINE_OPTIONAL = ("group", "note", "footnote", "petty_cash")


def read_budgets(
    reader: NodeReader, node: Node | None, location_codes: set[str] | None
) -> tuple[BudgetSpec, ...]:
    """The ``budgets`` list: one spec per version, in file order (``position`` its index), with
    its lines; a duplicate version is reported. Problems go to ``reader``."""
    specs = []
    seen: dict[str, str] = {}
    for index, item in enumerate(reader.sequence(node, "budgets")):
        where = join("budgets", index)
        fields = reader.mapping(item, where, required=("version", "lines"), optional=("source",))
        if fields is None:
            continue
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
                lines=_lines(reader, fields.get("lines"), join(where, "lines"), location_codes),
            )
        )
    return tuple(specs)


def _lines(
    reader: NodeReader, node: Node | None, where: str, location_codes: set[str] | None
) -> tuple[BudgetLineSpec, ...]:
    """The ``lines`` of one budget at ``where``: unique codes, at most one petty-cash line, an
    amount (euros) for every location of the file. Problems go to ``reader``."""
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
            group = reader.choice(fields["group"], join(line_where, "group"), LineGroup) or ""
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
                    )
                ),
            )
        )
    return tuple(specs)
