package dev.slipway.generate.docker;

import static dev.slipway.generate.docker.BuildInspector.match;

import dev.slipway.generate.docker.BuildInspector.Files;
import dev.slipway.generate.docker.ServiceBuild.Python;
import dev.slipway.model.BuildTool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a Python service's files say: its dependency manifests (a lock is required for Poetry, Pipenv and uv),
 * Python version, entry point and whether its tests use pytest.
 */
final class Pythons {

    private Pythons() {
    }

    static ServiceBuild inspect(Files files, BuildTool tool, Optional<String> own) {
        String pyproject = files.read("pyproject.toml").orElse("");
        List<String> manifests;
        Optional<String> install;
        Optional<String> lock;
        switch (tool) {
            case POETRY -> {
                if (!files.exists("poetry.lock")) {
                    throw files.refuse("is a Poetry project without poetry.lock: its image would install whatever versions resolve on the day",
                            "run `poetry lock` in " + files.dir() + " and commit poetry.lock, or give the service its own `dockerfile:`");
                }
                manifests = List.of("pyproject.toml", "poetry.lock");
                install = Optional.of(BuildInspector.pythonInstall(tool, null));
                lock = Optional.of("poetry.lock");
            }
            case PIPENV -> {
                if (!files.exists("Pipfile.lock")) {
                    throw files.refuse("is a Pipenv project without Pipfile.lock",
                            "run `pipenv lock` in " + files.dir() + " and commit Pipfile.lock, or give the service its own `dockerfile:`");
                }
                manifests = List.of("Pipfile", "Pipfile.lock");
                install = Optional.of(BuildInspector.pythonInstall(tool, null));
                lock = Optional.of("Pipfile.lock");
            }
            case UV -> {
                if (!files.exists("uv.lock")) {
                    throw files.refuse("is a uv project without uv.lock: its image would install whatever versions resolve on the day",
                            "run `uv lock` in " + files.dir() + " and commit uv.lock, or give the service its own `dockerfile:`");
                }
                manifests = List.of("pyproject.toml", "uv.lock");
                install = Optional.of(BuildInspector.pythonInstall(tool, null));
                lock = Optional.of("uv.lock");
            }
            default -> {
                Optional<String> requirements = List.of("requirements.txt", "requirements/prod.txt", "requirements/base.txt")
                        .stream().filter(files::exists).findFirst();
                manifests = requirements.map(List::of).orElse(List.of());
                install = requirements.map(r -> BuildInspector.pythonInstall(tool, r));
                lock = requirements;
            }
        }
        ToolchainVersion version = pythonVersion(files, pyproject);
        List<String> start = start(files, pyproject);
        return new ServiceBuild(files.service(), tool, files.dir(), files.dir(), own, true, version, false, lock,
                tests(files, tool, pyproject, manifests), new Python(manifests, install, start));
    }

    private static ToolchainVersion pythonVersion(Files files, String pyproject) {
        Optional<String> pinned = files.read(".python-version").flatMap(t -> match(t, "^\\s*(\\d+\\.\\d+)"));
        if (pinned.isPresent()) {
            return BaseImages.supported(BuildTool.PIP, pinned.get(), files.file(".python-version"));
        }
        Optional<String> requires = match(pyproject, "(?m)^requires-python\\s*=\\s*\"[^\\d]*(\\d+\\.\\d+)")
                .or(() -> match(pyproject, "(?m)^python\\s*=\\s*\"[^\\d]*(\\d+\\.\\d+)"));
        return requires.map(v -> BaseImages.supported(BuildTool.PIP, v, files.file("pyproject.toml")))
                .orElse(BaseImages.defaultVersion(BuildTool.PIP));
    }

    /**
     * The entry point: a script the project declares ({@code module:function}), a Procfile's web process, a
     * package's {@code __main__.py}, or a top-level module that runs itself ({@code main.py}, {@code app.py}).
     */
    private static List<String> start(Files files, String pyproject) {
        Optional<String> script = match(pyproject, "(?s)\\[(?:project\\.scripts|tool\\.poetry\\.scripts)\\][^\\[]*?\\n\\s*[\\w.-]+\\s*=\\s*\"([\\w.]+:[\\w.]+)\"");
        if (script.isPresent()) {
            String[] target = script.get().split(":");
            if (files.exists(target[0].replace('.', '/') + ".py")) {
                return List.of("python", "-c", "import sys; from " + target[0] + " import " + target[1] + "; sys.exit(" + target[1] + "())");
            }
        }
        Optional<String> procfile = files.read("Procfile").flatMap(p -> match(p, "(?m)^web:\\s*(.+)$"));
        if (procfile.isPresent()) {
            return Arrays.asList(procfile.get().trim().split("\\s+"));
        }
        for (String dir : files.sources().find(files.dir(), "__main__.py")) {
            String module = BuildInspector.relative(files.dir(), BuildInspector.parent(dir));
            if (!module.contains("/") && !module.equals(".") && !module.startsWith("test")) {
                return List.of("python", "-m", module);
            }
        }
        for (String module : List.of("main.py", "app.py", "server.py")) {
            if (files.read(module).orElse("").contains("__main__")) {
                return List.of("python", module);
            }
        }
        throw files.refuse("has no entry point: no script in pyproject.toml, no Procfile, no __main__.py and no main.py/app.py that runs itself",
                "declare one in pyproject.toml ([project.scripts]) or a Procfile `web:` line, or give the service its own `dockerfile:`");
    }

    /** pytest runs the tests when there are any; it is installed by the step when the project does not bring it. */
    private static List<String> tests(Files files, BuildTool tool, String pyproject, List<String> manifests) {
        boolean hasTests = files.exists("tests") || files.exists("test")
                || files.sources().find(files.dir(), ".py").stream().map(BuildInspector::fileName)
                        .anyMatch(n -> n.startsWith("test_") || n.endsWith("_test.py"));
        if (!hasTests) {
            return List.of();
        }
        StringBuilder declared = new StringBuilder(pyproject);
        manifests.forEach(m -> declared.append(files.read(m).orElse("")));
        files.sources().find(files.dir(), ".txt").stream().filter(f -> BuildInspector.fileName(f).startsWith("requirements"))
                .forEach(f -> declared.append(files.sources().read(f).orElse("")));
        boolean pytestDeclared = declared.toString().matches("(?s).*\\bpytest\\b.*");
        List<String> commands = new ArrayList<>();
        switch (tool) {
            case POETRY -> {
                if (!pytestDeclared) {
                    commands.add("poetry run pip install pytest");
                }
                commands.add("poetry run pytest");
            }
            case PIPENV -> {
                if (!pytestDeclared) {
                    commands.add("pipenv run pip install pytest");
                }
                commands.add("pipenv run pytest");
            }
            // uv adds pytest to the run's environment only, leaving the lock alone
            case UV -> commands.add(pytestDeclared ? "uv run pytest" : "uv run --with pytest pytest");
            default -> {
                Optional<String> dev = List.of("requirements-dev.txt", "requirements-test.txt", "requirements/dev.txt")
                        .stream().filter(files::exists).findFirst();
                dev.ifPresent(d -> commands.add("python -m pip install -r " + d));
                if (!pytestDeclared) {
                    commands.add("python -m pip install pytest");
                }
                commands.add("python -m pytest");
            }
        }
        return commands;
    }
}
