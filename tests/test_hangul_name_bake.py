"""A Korean project name bakes as it is, into a folder named by its romanised slug."""

from __future__ import annotations

import ast


def test_a_hangul_project_name_bakes_into_its_romanised_slug(bake, run_in_project):
    project = bake(project_name="내 블로그 API")

    assert project.name == "nae_beulrogeu_api"
    urls = ast.parse((project / "config/urls.py").read_text(encoding="utf-8"))
    header = next(
        node.value.value
        for node in ast.walk(urls)
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "admin.site.site_header"
    )
    assert header == "내 블로그 API"
    run_in_project(project, "manage.py", "check", "--fail-level", "WARNING")
