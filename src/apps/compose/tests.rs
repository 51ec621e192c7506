//! The fixture corpus under `tests/compose/` and the error cases.
//!
//! Each `NAME.yml` there is read with fixed variables and base directory and
//! compared with `NAME.expected.json`, the serialised [`Parsed`]. Run with
//! `BERTH_BLESS=1` to write the expected files after a deliberate change,
//! then read their diff before committing.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::*;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/compose");

/// Stands for the corpus folder in expected files, so they do not depend on
/// where the repository is checked out.
const BASE: &str = "/base";

fn corpus_vars() -> Variables {
    let pairs = [
        ("HOME", "/home/berth"),
        ("TAG", "1.25"),
        ("WEB_PORT", "8080"),
        ("POSTGRES_PASSWORD", "example"),
        ("EMPTY", ""),
        ("REGISTRY", "registry.example.com"),
        ("LOG_LEVEL", "info"),
        ("FROM_HOST", "host-value"),
    ];
    Variables::from_map(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
}

fn fixtures() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(CORPUS)
        .expect("tests/compose exists")
        .map(|entry| entry.expect("the folder is readable").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yml"))
        .collect();
    paths.sort();
    paths
}

fn render(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("the fixture is readable");
    let file = path.file_name().expect("a file name").to_string_lossy();
    let name = file.trim_end_matches(".yml");
    let rendered = match parse_compose(&text, &file, name, &corpus_vars(), Path::new(CORPUS)) {
        Ok(parsed) => serde_json::to_string_pretty(&parsed).expect("parsed apps serialise"),
        Err(error) => format!("error: {error}"),
    };
    rendered.replace(CORPUS, BASE) + "\n"
}

#[test]
fn every_corpus_file_reads_into_its_expected_model() {
    let bless = std::env::var_os("BERTH_BLESS").is_some();
    let mut failures = String::new();

    let paths = fixtures();
    for path in &paths {
        let actual = render(path);
        let expected_path = path.with_extension("expected.json");
        if bless {
            std::fs::write(&expected_path, &actual).expect("the expected file is writable");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            let _ = writeln!(failures, "\n{}:\n{}", path.display(), line_diff(&expected, &actual));
        }
    }

    assert!(paths.len() >= 15, "the corpus has {} files; it should cover every form", paths.len());
    assert!(failures.is_empty(), "models differ (- expected, + actual):{failures}");
}

/// A line diff from the longest common subsequence; enough for files of a
/// few hundred lines.
fn line_diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    let mut common = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            common[i][j] = if a[i] == b[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }

    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || common[i][j + 1] >= common[i + 1][j]) {
            let _ = writeln!(out, "{:>4} + {}", j + 1, b[j]);
            j += 1;
        } else {
            let _ = writeln!(out, "{:>4} - {}", i + 1, a[i]);
            i += 1;
        }
    }
    out
}

/// Reads `text` as `docker-compose.yml` and returns the error's message.
fn error_of(text: &str) -> String {
    let vars = Variables::from_map(BTreeMap::from([("HOME".into(), "/home/berth".into())]));
    match parse_compose(text, "docker-compose.yml", "app", &vars, Path::new(CORPUS)) {
        Ok(parsed) => panic!("expected an error, got {parsed:#?}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn invalid_yaml_names_file_line_and_column() {
    let message = error_of("services:\n  web:\n    image: nginx\n   ports: [80\n");

    assert!(message.starts_with("docker-compose.yml:4:"), "{message}");
    assert!(message.contains("invalid yaml: "), "{message}");
}

#[test]
fn a_map_where_a_list_belongs_names_the_path() {
    let message = error_of("services:\n  web:\n    image: nginx\n    ports:\n      http: 80\n");

    assert_eq!(message, "docker-compose.yml:5:7: services.web.ports: expected a list of ports");
}

#[test]
fn a_port_out_of_range_is_refused_where_it_stands() {
    let message = error_of(
        "services:\n  web:\n    image: nginx\n    ports:\n      - \"8080:80\"\n      - 70000:80\n",
    );

    assert_eq!(
        message,
        "docker-compose.yml:6:9: services.web.ports[1]: expected a port number from 1 to 65535, \
         not 70000"
    );
}

#[test]
fn a_published_range_needs_a_target_range() {
    let message = error_of("services:\n  web:\n    image: nginx\n    ports: [\"8000-8002:80\"]\n");

    assert!(message.starts_with("docker-compose.yml:4:13: services.web.ports[0]: "), "{message}");
    assert!(message.contains("single published port"), "{message}");
}

#[test]
fn an_unknown_dependency_is_named() {
    let message = error_of("services:\n  web:\n    image: nginx\n    depends_on: [api]\n");

    assert_eq!(message, "docker-compose.yml:4:18: services.web.depends_on: unknown service `api`");
}

#[test]
fn a_dependency_cycle_is_named_in_full() {
    let text = "services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    \
                depends_on:\n      c:\n        condition: service_healthy\n  c:\n    image: x\n    \
                depends_on: [a]\n";

    let message = error_of(text);

    assert_eq!(message, "docker-compose.yml:12:18: dependency cycle: a -> b -> c -> a");
}

#[test]
fn a_service_depending_on_itself_is_a_cycle() {
    let message = error_of("services:\n  a:\n    image: x\n    depends_on: [a]\n");

    assert!(message.ends_with("dependency cycle: a -> a"), "{message}");
}

#[test]
fn a_required_variable_stops_the_import_with_its_message() {
    let text = "services:\n  db:\n    image: postgres\n    environment:\n      \
                PASSWORD: \"${DB_PASSWORD:?set DB_PASSWORD in .env}\"\n";

    let message = error_of(text);

    assert_eq!(
        message,
        "docker-compose.yml:5:18: services.db.environment.PASSWORD: variable DB_PASSWORD is \
         required: set DB_PASSWORD in .env"
    );
}

#[test]
fn a_stray_dollar_asks_for_escaping() {
    let message = error_of("services:\n  web:\n    image: nginx\n    command: echo costs $5\n");

    assert_eq!(
        message,
        "docker-compose.yml:4:25: services.web.command: expected $NAME, ${NAME} or $$ for a \
         literal $"
    );
}

#[test]
fn a_service_with_only_build_is_refused_by_name() {
    let message = error_of("services:\n  api:\n    build: ./api\n");

    assert_eq!(
        message,
        "docker-compose.yml:3:5: services.api: has build but no image; Berth does not build images"
    );
}

#[test]
fn a_service_without_image_is_refused() {
    let message = error_of("services:\n  api:\n    command: run\n");

    assert_eq!(message, "docker-compose.yml:3:5: services.api: expected an image");
}

#[test]
fn an_undeclared_named_volume_names_service_and_volume() {
    let text = "services:\n  db:\n    image: postgres\n    volumes:\n      \
                - pgdata:/var/lib/postgresql/data\n";

    let message = error_of(text);

    assert_eq!(
        message,
        "docker-compose.yml:5:9: services.db.volumes: volume `pgdata` is not declared under the \
         top-level volumes"
    );
}

#[test]
fn an_undeclared_network_names_service_and_network() {
    let message = error_of("services:\n  web:\n    image: nginx\n    networks: [front]\n");

    assert!(message.starts_with("docker-compose.yml:4:16: services.web.networks: "), "{message}");
    assert!(message.contains("network `front` is not declared"), "{message}");
}

#[test]
fn a_typo_is_an_unknown_key_with_a_suggestion() {
    let message = error_of("services:\n  web:\n    imgae: nginx\n");

    assert_eq!(
        message,
        "docker-compose.yml:3:5: services.web: unknown key `imgae`; did you mean `image`?"
    );
}

#[test]
fn an_unknown_top_level_key_is_refused() {
    let message = error_of("servics:\n  web:\n    image: nginx\n");

    assert!(message.starts_with("docker-compose.yml:1:1: (top level): unknown key `servics`"));
    assert!(message.contains("did you mean `services`?"), "{message}");
}

#[test]
fn a_memory_limit_must_be_a_size() {
    let text = "services:\n  web:\n    image: nginx\n    deploy:\n      resources:\n        \
                limits:\n          memory: lots\n";

    let message = error_of(text);

    assert_eq!(
        message,
        "docker-compose.yml:7:19: services.web.deploy.resources.limits.memory: expected a size \
         like 512m, 1g, 1024k or a number of bytes"
    );
}

#[test]
fn wrong_scalar_types_say_what_was_expected() {
    let cases = [
        ("    restart: sometimes\n", "services.web.restart: expected no, always"),
        ("    healthcheck:\n      test: [curl, x]\n", "expected a list starting with CMD"),
        ("    healthcheck:\n      interval: 10\n", "expected a duration like 1m30s"),
        ("    deploy:\n      replicas: many\n", "expected a number of replicas"),
        ("    deploy:\n      replicas: 0\n", "expected at least one replica"),
        ("    environment: [1, [2]]\n", "environment[1]: expected KEY=value or KEY"),
        ("    command: {run: x}\n", "expected a string or a list of strings"),
        ("    command: echo 'open\n", "expected a command with balanced quotes"),
        ("    volumes: [\"data:relative\"]\n", "expected an absolute path inside the container"),
        ("    depends_on:\n      web:\n        condition: later\n", "expected service_started"),
    ];

    for (service_lines, fragment) in cases {
        let message = error_of(&format!("services:\n  web:\n    image: nginx\n{service_lines}"));
        assert!(message.starts_with("docker-compose.yml:"), "{message}");
        assert!(message.contains(fragment), "`{message}` lacks `{fragment}`");
    }
}

#[test]
fn duplicate_keys_are_invalid_yaml() {
    let message = error_of("services:\n  web:\n    image: nginx\n    image: httpd\n");

    assert_eq!(message, "docker-compose.yml:4:5: invalid yaml: duplicate key `image`");
}

#[test]
fn a_missing_env_file_is_an_error_at_its_mention() {
    let message = error_of("services:\n  web:\n    image: nginx\n    env_file: missing.env\n");

    assert!(message.starts_with("docker-compose.yml:4:15: cannot read env_file "), "{message}");
    assert!(message.contains("missing.env"), "{message}");
}

#[test]
fn an_empty_file_needs_services() {
    let message = error_of("");

    assert_eq!(message, "docker-compose.yml:1:1: (top level): expected a map with services");
}

#[test]
fn unset_variables_warn_at_the_dollar() {
    let text = "services:\n  web:\n    image: \"nginx:${NOPE}\"\n";
    let vars = Variables::from_map(BTreeMap::new());

    let parsed = parse_compose(text, "c.yml", "app", &vars, Path::new("/"))
        .expect("an unset variable is only a warning");

    assert_eq!(parsed.app.services["web"].image, "nginx:", "the variable reads as empty");
    assert_eq!(
        parsed.warnings,
        vec![Warning {
            line: 3,
            column: 19,
            message: "services.web.image: variable NOPE is not set; using an empty string".into(),
        }],
        "the warning points at the $ inside the quotes"
    );
}

#[test]
fn a_loaded_file_reads_dotenv_env_files_and_names_itself_after_its_folder() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let project = dir.path().join("My Shop!");
    std::fs::create_dir(&project).expect("the project folder is made");
    std::fs::write(project.join(".env"), "BERTH_TEST_COMPOSE_TAG=7\n").expect(".env is written");
    std::fs::write(project.join("web.env"), "A=from-file\nB=from-file\n").expect("env_file");
    let compose = "services:\n  web:\n    image: shop:${BERTH_TEST_COMPOSE_TAG}\n    \
                   env_file: web.env\n    environment:\n      B: override\n    \
                   volumes: [./html:/usr/share/nginx/html]\n";
    std::fs::write(project.join("compose.yaml"), compose).expect("the compose file is written");

    let parsed = load_compose_file(&project.join("compose.yaml"), None).expect("the file loads");
    let named = std::fs::write(project.join("named.yaml"), format!("name: Shop-2\n{compose}"))
        .map(|()| load_compose_file(&project.join("named.yaml"), None))
        .expect("the named file is written")
        .expect("the named file loads");

    let web = &parsed.app.services["web"];
    assert_eq!(parsed.app.name, "myshop", "the folder name, lowercased and reduced");
    assert_eq!(named.app.name, "shop-2", "a top-level name wins over the folder");
    assert_eq!(web.image, "shop:7", ".env beside the file feeds interpolation");
    assert_eq!(web.environment["A"], "from-file");
    assert_eq!(web.environment["B"], "override", "environment wins over env_file");
    let html = std::fs::canonicalize(&project).expect("the folder exists").join("html");
    assert_eq!(web.volumes[0].source.as_deref(), Some(html.to_str().expect("utf-8 path")));
}

#[test]
fn a_given_app_name_is_used_as_is() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("compose.yml");
    std::fs::write(&path, "name: other\nservices:\n  web:\n    image: nginx\n").expect("written");

    let parsed = load_compose_file(&path, Some("chosen")).expect("the file loads");

    assert_eq!(parsed.app.name, "chosen");
}

#[test]
fn a_missing_compose_file_cannot_be_read() {
    let error = load_compose_file(Path::new("/nonexistent/compose.yml"), None)
        .expect_err("there is no such file");

    assert!(error.to_string().starts_with("cannot read /nonexistent/compose.yml: "), "{error}");
}

#[test]
fn a_bad_env_file_line_points_into_that_file() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("bad.env"), "OK=1\nnot a variable\n").expect("written");
    let text = "services:\n  web:\n    image: nginx\n    env_file: bad.env\n";
    let vars = Variables::from_map(BTreeMap::new());

    let error = parse_compose(text, "compose.yml", "app", &vars, dir.path())
        .expect_err("the second line is not KEY=value");

    assert_eq!(
        error.to_string(),
        "bad.env:2:1: expected KEY=value with a key of letters, digits and _"
    );
}

#[test]
fn a_long_form_port_takes_one_port_number() {
    let text = "services:\n  web:\n    image: nginx\n    ports:\n      - target: 80\n        \
                published: 70000\n";

    let message = error_of(text);

    assert_eq!(
        message,
        "docker-compose.yml:6:20: services.web.ports[0].published: expected a port number from 1 \
         to 65535"
    );
}
