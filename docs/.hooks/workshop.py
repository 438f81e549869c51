# SPDX-License-Identifier: GPL-2.0
"""docs/.hooks/workshop.py - the lesson site's MkDocs hook (mkdocs.yml: hooks:).

Pages include the kit's real files with a line of the pymdownx.snippets form

    --8<-- "kernel/step03-kernel-receive/nlws.c"

and show what a stage changed with

    --8<-- "diff:kernel/step02-kernel-socket/nlws.c:kernel/step03-kernel-receive/nlws.c"

inside a ```diff fence: a unified diff of the two files.

This hook expands both before Markdown runs, so that every included file,
whole or as a diff, loses its exercise marker lines first: the pages show
the solution, never the markers. A marker is a whole line of one of three
kinds, in a C comment or after // in Java: `TODO n: what to write`,
`HINT n: a hint`, and `END TODO n`. The lines between a TODO and its END
TODO are the solution that `./workshop exercise N` cuts out of the kit's
sources to make a learner's skeleton (netlink.workshop.testkit.Markers). Paths are
relative to the repository root, the folder that holds mkdocs.yml. A path
that does not exist, or an include line this hook does not understand,
stops the build with a message that names the page and the line.

MkDocs 1.4 loads this file as a hook module: it calls on_config() once and
on_page_markdown() for every page.
"""

import difflib
import os
import re

from mkdocs.exceptions import PluginError

# A whole line that is an exercise marker, in C or Java:
#   /* TODO 3: ... */   /* HINT 3: ... */   /* END TODO 3 */
#   // TODO 3: ...      // HINT 3: ...      // END TODO 3
MARKER = re.compile(r"^\s*(/\*|//)\s*(TODO|HINT|END TODO) \d+\b.*$")

# An include line: indentation, the scissors, one quoted argument.
INCLUDE = re.compile(r"""^(?P<indent>[ \t]*)--8<--[ \t]+(?P<q>["'])(?P<arg>[^"']+)(?P=q)[ \t]*$""")
# Any other line that starts with the scissors is a mistake on the page.
SCISSORS = re.compile(r"^[ \t]*--8<--")
# pymdownx.snippets' escape: ";--8<--" shows the line itself.
ESCAPED = re.compile(r"^(?P<indent>[ \t]*);(?P<rest>--8<--.*)$")

_root = "."


def on_config(config):
    """Remembers the repository root: the folder that holds mkdocs.yml."""
    global _root
    _root = os.path.dirname(os.path.abspath(config["config_file_path"]))
    return config


def strip_markers(text):
    """Returns the lines of text without its exercise marker lines."""
    return [line for line in text.splitlines() if not MARKER.match(line)]


def read_source(path, where):
    """Reads a repository file as lines, markers removed; fails the build if it is missing."""
    full = os.path.normpath(os.path.join(_root, path))
    if os.path.relpath(full, _root).startswith(".."):
        raise PluginError(f"{where}: --8<-- \"{path}\" points outside the repository")
    if not os.path.isfile(full):
        raise PluginError(f"{where}: --8<-- \"{path}\": no such file in the repository"
                          " (renamed or removed?): fix the path or the page")
    with open(full, encoding="utf-8") as f:
        return strip_markers(f.read())


def unified_diff(old, new, where):
    """The unified diff from file old to file new, as lines."""
    lines = list(difflib.unified_diff(read_source(old, where), read_source(new, where),
                                      fromfile=old, tofile=new, lineterm=""))
    if not lines:
        # An empty fence would look like a rendering fault: say it.
        lines = [f"--- {old}", f"+++ {new}", "  (no change: the two files are the same)"]
    return lines


def expand(markdown, where):
    """Replaces every include line of a page with the lines it names."""
    out = []
    for number, line in enumerate(markdown.split("\n"), 1):
        escaped = ESCAPED.match(line)
        if escaped:
            out.append(escaped["indent"] + escaped["rest"])
            continue
        include = INCLUDE.match(line)
        if not include:
            if SCISSORS.match(line):
                raise PluginError(f"{where}:{number}: cannot read this include line: {line.strip()!r}"
                                  ' (write --8<-- "path" or --8<-- "diff:OLD:NEW")')
            out.append(line)
            continue
        arg, indent = include["arg"], include["indent"]
        here = f"{where}:{number}"
        if arg.startswith("diff:"):
            paths = arg[len("diff:"):].split(":")
            if len(paths) != 2 or not all(paths):
                raise PluginError(f'{here}: --8<-- "{arg}": a diff names two files, "diff:OLD:NEW"')
            lines = unified_diff(paths[0], paths[1], here)
        else:
            lines = read_source(arg, here)
        out.extend(indent + l for l in lines)
    return "\n".join(out)


def on_page_markdown(markdown, page, config, files):
    """Expands the page's includes before Markdown sees it."""
    return expand(markdown, "docs/" + page.file.src_path)
