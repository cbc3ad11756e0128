//! The catalogue of bad inputs, run through the real `generator` binary: each exits 2 (1 for
//! I/O failures) with a message naming the file and the place, never panics (exit 101), and
//! leaves the output directory exactly as it was.

use std::path::Path;
use std::process::Command;

/// `(name, collection text, words the message must contain)`.
fn catalogue() -> Vec<(&'static str, Vec<u8>, Vec<&'static str>)> {
    let deep = format!(
        r#"{{"info":{{"name":"x"}},"item":[{}{}]}}"#,
        r#"{"name":"f","item":["#.repeat(10_000),
        "]}".repeat(10_000)
    );
    vec![
        ("empty", b"".to_vec(), vec!["not valid JSON", "line 1"]),
        ("not-json", b"hello".to_vec(), vec!["not valid JSON"]),
        ("truncated", br#"{"info":{"name":"x"},"item":[{"name":"a","#.to_vec(), vec!["not valid JSON", "EOF"]),
        ("invalid-utf8", b"{\"info\":{\"name\":\"\xff\"},\"item\":[]}".to_vec(), vec!["not valid JSON"]),
        ("top-level-array", b"[]".to_vec(), vec!["not a Postman collection"]),
        ("top-level-number", b"42".to_vec(), vec!["not a Postman collection"]),
        ("missing-info", br#"{"item":[]}"#.to_vec(), vec!["not a Postman collection", "`info`"]),
        ("missing-item", br#"{"info":{"name":"x"}}"#.to_vec(), vec!["not a Postman collection", "`item`"]),
        ("item-is-a-string", br#"{"info":{"name":"x"},"item":"nope"}"#.to_vec(), vec!["at item", "expected a sequence"]),
        (
            "code-is-not-a-number",
            br#"{"info":{"name":"x"},"item":[{"name":"Links","item":[{"name":"Update","request":"u","response":[{"code":"200x"}]}]}]}"#.to_vec(),
            vec!["item[0].item[0].response[0].code", "Links / Update", "200x"],
        ),
        (
            "url-is-a-number",
            br#"{"info":{"name":"x"},"item":[{"name":"U","request":{"url":5}}]}"#.to_vec(),
            vec!["item[0].request.url", "(U)", "expected a URL string or a URL object"],
        ),
        ("nested-10000-deep", deep.into_bytes(), vec!["nested too deeply"]),
        ("postman-v1", br#"{"name":"x","order":[],"requests":[]}"#.to_vec(), vec!["Postman v1", "v2.1"]),
    ]
}

fn run(collection: &Path, out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_generator"))
        .arg("--collection")
        .arg(collection)
        .arg("--out")
        .arg(out)
        .args(["--crate-name", "bad"])
        .output()
        .expect("the generator runs")
}

#[test]
fn every_bad_input_exits_2_with_a_located_message_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let out = dir.path().join("generated");
    // A previous, good generation that every failure must leave untouched.
    let good = dir.path().join("good.json");
    std::fs::write(
        &good,
        r#"{"info":{"name":"ok"},"item":[{"name":"Ping","request":"{{baseUrl}}/ping"}]}"#,
    )
    .unwrap();
    assert!(run(&good, &out).status.success());
    let before = snapshot(&out);

    for (name, text, expected) in catalogue() {
        let path = dir.path().join(format!("{name}.json"));
        std::fs::write(&path, text).unwrap();
        let output = run(&path, &out);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("{name}.json")),
            "{name}: the message names the file: {stderr}"
        );
        for word in expected {
            assert!(
                stderr.contains(word),
                "{name}: expected `{word}` in: {stderr}"
            );
        }
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert_eq!(
            snapshot(&out),
            before,
            "{name}: the output directory changed"
        );
    }
}

#[test]
fn a_missing_file_is_an_io_error_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(&dir.path().join("absent.json"), &dir.path().join("out"));
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("absent.json"));
    assert!(!dir.path().join("out").exists());
}

/// Every file under `dir` with its contents, sorted.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}
