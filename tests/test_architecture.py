"""The shape of the package: a declared pipeline, one-way imports, tools apart from the runtime.

Each resmine component is also saved and loaded back (``nlp.to_disk`` / ``spacy.load``) on a
blank pipeline, as spaCy tests its own pipes: the loaded copy must give the same answers from
the data it carries, with the checkout's ``models/`` out of reach.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import spacy

from resmine.model import Document
from resmine.nlp import annotate, load_pipeline
from resmine.paths import models_dir

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline" / "resmine"
# A sentence of the bundled corpus (corpus/docs/004_6ba3e53289bda641.txt) and one with a
# definition, so every component has something to do.
TEXT = ("G1202R: This is the most prevalent resistance mutation to second-generation ALK inhibitors, "
        "including ceritinib, accounting for approximately 21% of resistance cases. "
        "Anaplastic lymphoma kinase (ALK) amplification was also seen.")


# --------------------------------------------------------------------------- declared pipeline


def test_shipped_pipeline_has_no_ordering_problem():
    analysis = load_pipeline().analyze_pipes()
    assert analysis["problems"] == {name: [] for name in analysis["problems"]}
    assert set(analysis["problems"]) >= {"resmine_lexicon", "resmine_ner", "resmine_relations"}


def test_a_component_placed_before_what_it_requires_is_reported(tmp_path):
    config = (models_dir() / "pipeline.cfg").read_text(encoding="utf-8")
    config = config.replace('pipeline = ["resmine_sentences",', 'pipeline = ["resmine_relations","resmine_sentences",', 1)
    config = config.replace(',"resmine_species","resmine_relations"]', ',"resmine_species"]', 1)
    path = tmp_path / "bad.cfg"
    path.write_text(config, encoding="utf-8")
    problems = load_pipeline(path).analyze_pipes()["problems"]
    assert sorted(problems["resmine_relations"]) == ["doc._.resmine_mentions", "doc._.resmine_sentences"]


def _resmine_entry_points(group: str) -> dict[str, str]:
    return {ep.name: ep.value for ep in entry_points(group=group) if ep.value.startswith("resmine.")}


def test_every_factory_and_registered_function_has_an_entry_point():
    declared = set(_resmine_entry_points("spacy_factories"))
    defined = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "factory" and node.args \
                    and isinstance(node.args[0], ast.Constant):
                defined.add(node.args[0].value)
    assert defined and defined == declared
    assert "resmine.biomedical_tokenizer.v1" in _resmine_entry_points("spacy_tokenizers")
    assert "resmine.SpellingEmbed.v1" in _resmine_entry_points("spacy_architectures")
    assert "resmine.convention_corpus.v1" in _resmine_entry_points("spacy_readers")


def test_spacy_finds_the_factories_without_importing_resmine():
    # a fresh interpreter that never imports resmine itself: only the entry points can help
    code = ("import spacy\n"
            "nlp = spacy.blank('en')\n"
            "nlp.add_pipe('resmine_sentences'); nlp.add_pipe('resmine_mutations')\n"
            "doc = nlp('BRAFV600E.')\n"
            "print(sorted((m.text, str(m.label)) for m in doc._.resmine_mentions))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[('BRAF', 'GENE'), ('BRAFV600E', 'MUTATION')]"


# --------------------------------------------------------------------------- serialisation


def _outputs(nlp, text: str = TEXT):
    document = Document("d", "", "text", "", text)
    annotated = next(annotate(nlp, [document]))
    return annotated.sentences, annotated.mentions, annotated.evidence


SHIPPED = load_pipeline().pipe_names
# What each component that reads data keeps of it when saved.
SAVED_DATA = {
    "resmine_lexicon": "lexicon/genes.tsv.gz",
    "resmine_mutations": "lexicon/drugs.tsv.gz",
    "resmine_ner": "model/ner/model",
    "resmine_families": "lexicon/gene_families.tsv",
    "resmine_relations": "model/model.json",
}


@pytest.mark.parametrize("last", [name for name in SHIPPED if name.startswith("resmine_")])
def test_component_round_trip_through_disk(last, tmp_path, monkeypatch):
    """A blank pipeline with the shipped components up to ``last`` (each with its factory's
    defaults), saved and loaded back with spacy.load while the checkout's models/ folder cannot
    be found: same sentences, mentions and evidence, read from the data the save carried."""
    nlp = spacy.blank("en")
    for name in SHIPPED[: SHIPPED.index(last) + 1]:
        nlp.add_pipe(name)
    expected = _outputs(nlp)
    nlp.to_disk(tmp_path / "pipeline")
    if last in SAVED_DATA:
        assert (tmp_path / "pipeline" / last / SAVED_DATA[last]).is_file()
    monkeypatch.setenv("RESMINE_MODELS", str(tmp_path / "no-models-here"))
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == nlp.pipe_names
    assert _outputs(loaded) == expected


def test_the_ner_convention_is_a_component_setting():
    default = load_pipeline()
    bc2gm = load_pipeline(overrides={"components.resmine_ner.convention": "bc2gm"})
    assert default.get_pipe("resmine_ner").convention == ""
    assert bc2gm.get_pipe("resmine_ner").convention == "bc2gm"
    features = bc2gm.get_pipe("resmine_ner").ner_nlp.get_pipe("resmine_ner_features")
    assert features.suffix == "2"
    with pytest.raises(Exception, match="unknown NER convention"):
        load_pipeline(overrides={"components.resmine_ner.convention": "genia"})


# --------------------------------------------------------------------------- imports


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every resmine module ``path`` imports, at any depth of the file (function-level
    imports included: they hide a circle, they do not break it)."""
    module = _module_name(path)
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("resmine"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("resmine"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level:
            base = module.split(".")[: -node.level + (path.name == "__init__.py") or None]
            found.add(".".join(base + ([node.module] if node.module else [])))
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        # "from resmine.ner import components" names a module; "from resmine.ner import X" the package
        graph[name] = {target for target in _imports(path) if target in modules} | {
            target.rsplit(".", 1)[0] for target in _imports(path)
            if target not in modules and target.rsplit(".", 1)[0] in modules}
    return graph


def _stage(module: str) -> str:
    """The stage a module belongs to: resmine.<stage>, or the top-level module itself."""
    parts = module.split(".")
    return ".".join(parts[:2])


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return out


def test_no_import_circle_between_stages():
    stages: dict[str, set[str]] = {}
    for module, targets in _graph().items():
        stages.setdefault(_stage(module), set()).update(
            _stage(t) for t in targets if _stage(t) != _stage(module))
    assert _cycles(stages) == []
    # the circle this test was written against, and a sanity check that edges are seen
    assert "resmine.ner" not in stages["resmine.nlp"]
    assert "resmine.nlp" in stages["resmine.ner"]


def test_no_runtime_module_imports_a_tool():
    allowed = ("resmine.tools", "resmine.cli")  # the tools themselves, and the command line
    offenders = {module: sorted(t for t in targets if t.startswith("resmine.tools"))
                 for module, targets in _graph().items()
                 if not module.startswith(allowed) and any(t.startswith("resmine.tools") for t in targets)}
    assert offenders == {}


def test_the_command_line_starts_without_the_tools_evaluations():
    """Every command starts by registering all of them: what a tool's command needs only when it
    runs (its corpus readers, its scoring) is imported then, not at every start-up."""
    code = ("import sys, resmine.cli; "
            "print(sorted(m for m in sys.modules if m.startswith('resmine.tools') and m.endswith('.evaluate')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_the_import_walk_sees_a_circle_when_there_is_one():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
