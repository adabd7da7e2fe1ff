"""`regiovisie init` makes a workspace that builds at once and never overwrites one."""

from tests.conftest import run_cli


def test_init_then_build(tmp_path):
    werkmap = tmp_path / "mijn-regio"
    result = run_cli("init", werkmap, "--naam", "Regio Noordkop")
    assert result.returncode == 0, result.stderr
    assert "Werkmap gemaakt" in result.stdout
    assert "naam: Regio Noordkop" in (werkmap / "regio.yaml").read_text(encoding="utf-8")
    result = run_cli("build", werkmap)
    assert result.returncode == 0, result.stderr
    assert (werkmap / "build" / "regiovisie.docx").is_file()
    assert "Nog in te vullen" in result.stdout


def test_init_refuses_an_existing_workspace(tmp_path):
    werkmap = tmp_path / "regio"
    run_cli("init", werkmap)
    (werkmap / "regio.yaml").write_text("eigen inhoud", encoding="utf-8")
    result = run_cli("init", werkmap)
    assert result.returncode == 2
    assert "staat al een regio.yaml" in result.stderr
    assert (werkmap / "regio.yaml").read_text(encoding="utf-8") == "eigen inhoud"


def test_init_writes_nothing_through_a_link_out_of_the_folder(tmp_path):
    """A folder that came from elsewhere may hold a dangling symbolic link named regio.yaml:
    init must not create the file it points to, outside the folder."""
    werkmap = tmp_path / "regio"
    werkmap.mkdir()
    outside = tmp_path / "elders" / "nieuw.txt"
    outside.parent.mkdir()
    (werkmap / "regio.yaml").symlink_to(outside)
    result = run_cli("init", werkmap)
    assert result.returncode == 2, result.stderr
    assert "regio.yaml' ligt buiten de werkmap" in result.stderr
    assert "Er is niets geschreven." in result.stderr
    assert "Traceback" not in result.stderr
    assert list(outside.parent.iterdir()) == []
    assert [p.name for p in werkmap.iterdir()] == ["regio.yaml"]


def test_init_writes_any_region_name_as_valid_yaml(tmp_path):
    """The name went into regio.yaml as raw text: "'s-Hertogenbosch" (a quote first), a
    ': ' or a ' #' made a regio.yaml that did not even parse."""
    import html

    for number, name in enumerate(["'s-Hertogenbosch e.o.", "Regio: Noord # Oost", "100%"]):
        werkmap = tmp_path / f"regio-{number}"
        assert run_cli("init", werkmap, "--naam", name).returncode == 0
        result = run_cli("build", werkmap, "-f", "html")
        assert result.returncode == 0, result.stderr
        page = (werkmap / "build" / "regiovisie.html").read_text(encoding="utf-8")
        title = page[page.index("<title>") + 7 : page.index("</title>")]
        assert html.unescape(title) == f"Regiovisie Jeugdhulp 2028-2033 – {name}"
