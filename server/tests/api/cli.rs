//! The `server` binary as an operator uses it: start-up errors, and creating the first admin.

use std::{
    io::Write,
    process::{Command, Output, Stdio},
};

fn server(args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    command
        .args(args)
        .env_remove("DATABASE_URL")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the server binary starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn first_error_line(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .find(|line| line.starts_with("error"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_bad_setting_stops_start_up_with_one_line_that_names_it() {
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().join("wellspring");
    let data_dir = data_dir.to_str().unwrap();
    let cases = [
        (
            vec![("DATABASE_URL", "mysql://root@localhost/ws")],
            "DATABASE_URL",
        ),
        (vec![("LEPTOS_SITE_ADDR", "somewhere")], "LEPTOS_SITE_ADDR"),
        (
            vec![("WELLSPRING_PUBLIC_URL", "learn.example.com")],
            "PUBLIC_URL",
        ),
        (vec![("WELLSPRING_DEMO", "maybe")], "DEMO"),
        (
            vec![("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")],
            "DATABASE_URL",
        ),
    ];
    for (env, named) in cases {
        let mut env = env;
        env.push(("WELLSPRING_DATA_DIR", data_dir));
        env.push(("LEPTOS_SITE_ADDR", "127.0.0.1:0"));
        if named == "LEPTOS_SITE_ADDR" {
            env.pop();
        }
        let output = server(&["migrate"], &env, "");
        assert!(!output.status.success(), "{env:?} should stop start-up");
        let line = first_error_line(&output);
        assert!(line.contains(named), "{env:?}: {line}");
        assert!(
            !std::path::Path::new(data_dir).exists(),
            "{env:?} left a half-created data folder"
        );
    }
}

#[test]
fn an_operator_creates_the_first_admin_from_the_command_line() {
    let data = tempfile::tempdir().unwrap();
    let env = [("WELLSPRING_DATA_DIR", data.path().to_str().unwrap())];
    let create = |email: &str, password: &str| {
        server(
            &["create-admin", "--email", email, "--name", "Ops Person"],
            &env,
            &format!("{password}\n"),
        )
    };
    let created = create("Ops@Example.com", "a strong admin password");
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    assert!(String::from_utf8_lossy(&created.stdout).contains("ops@example.com"));

    let again = create("ops@example.com", "a strong admin password");
    assert!(!again.status.success());
    assert!(first_error_line(&again).contains("already has an account"));

    let weak = create("other@example.com", "short");
    assert!(!weak.status.success());
    assert!(first_error_line(&weak).contains("at least 10 characters"));
}
