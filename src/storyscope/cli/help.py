"""Help screens a newcomer can read: usage lines in the usual ``PATH...`` / ``[PATH]`` form
(Typer writes a required argument as ``{paths}...``) and no ``<bool>`` beside a flag, which
takes no value."""

from __future__ import annotations

from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption


def _plain_flags(params) -> None:
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""  # the help's type column shows the metavar: nothing for a flag


def _usage_name(argument: TyperArgument) -> str:
    name = (argument.metavar or argument.name or "").upper()
    name = name if argument.required else f"[{name}]"
    return name + ("..." if argument.nargs != 1 else "")


class Command(TyperCommand):
    def collect_usage_pieces(self, ctx) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            pieces += [_usage_name(param)] if isinstance(param, TyperArgument) else param.get_usage_pieces(ctx)
        return pieces

    def get_params(self, ctx):
        params = super().get_params(ctx)
        _plain_flags(params)
        return params


class Group(TyperGroup):
    command_class = Command

    def get_params(self, ctx):
        params = super().get_params(ctx)
        _plain_flags(params)
        return params
