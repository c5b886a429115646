
from kzreport import config


def test_project_root_holds_the_project():
    assert (config.PROJECT_ROOT / "pyproject.toml").is_file()
    assert config.DATA_DIR == config.PROJECT_ROOT / "data"
    assert config.NOTEBOOKS_DIR.is_dir()


def test_paths_do_not_depend_on_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    paths = config.paths_for("")
    assert paths.root == config.DATA_DIR.resolve()
    assert paths.raw_claims == config.DATA_DIR.resolve() / "raw" / "claims.csv"
    # A relative data_dir is taken from the project root, not from the cwd.
    assert config.paths_for("data").root == config.DATA_DIR.resolve()


def test_processed_dir_defaults_inside_data_dir_and_can_be_moved(tmp_path):
    paths = config.paths_for(tmp_path / "d")
    assert paths.processed == (tmp_path / "d" / "processed").resolve()
    moved = config.paths_for(tmp_path / "d", tmp_path / "elsewhere")
    assert moved.processed == (tmp_path / "elsewhere").resolve()
    assert moved.raw == (tmp_path / "d" / "raw").resolve()
