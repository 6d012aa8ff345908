"""What a cold answer reads of its built file: only what it cites (no rule decoded to cite one, no stage
module imported to answer an approval)."""

import subprocess
import sys
from datetime import date
from pathlib import Path

from engine.kb import KnowledgeBase
from queries.approvals import who_approves

RULES = Path(__file__).resolve().parent.parent / "rules"


def test_the_stored_rule_origins_are_the_rules_own(kb, memory_kb):
    assert kb.registry.rule_origins() == memory_kb.registry.rule_origins()
    assert kb.registry.rule_origins()["approves"] == "rules/norms/derived.cma:9"


def test_an_approval_is_answered_and_cited_without_decoding_the_rules(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("CMAKB_NO_CACHE", raising=False)
    KnowledgeBase.load(RULES)  # built once
    kb = KnowledgeBase.load(RULES)
    resp = who_approves(kb, "budget de la CMAR", date(2022, 1, 1))
    assert resp.answers[0].fields["approver"] == "prefet_de_region"
    assert "rules/norms/derived.cma:9" in resp.answers[0].fields["derived_by"]
    assert "rules" not in kb.registry.__dict__
def test_a_cold_approval_question_imports_neither_the_compiler_nor_the_timelines_nor_the_loader(tmp_path):
    code = ("import sys\nfrom queries.cli import main\n"
            "try:\n    main(['ask', \"Qui approuve le budget d'une CMAR ?\", '--on', '2022-01-01'])\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m for m in ('engine.compiler', 'engine.loader', 'engine.timelines', 'engine.consolidation',"
            " 'engine.parser', 'lark', 'pyDatalog', 'dateutil') if m in sys.modules))")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)  # builds
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
