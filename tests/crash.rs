//! Crash safety: a tandem killed at any moment loses nothing it had reported
//! as saved, and the store opens cleanly afterwards.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

mod common;
use common::tandem;

/// A small deterministic generator, so a failing round can be replayed.
fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[test]
fn writes_reported_done_survive_sigkill_at_random_moments() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let init = tandem(&store)
        .args(["init", "--name", "Ana", "--role", "mentee"])
        .output()
        .unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );

    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut reported: HashSet<String> = HashSet::new();
    for round in 0..24 {
        let mut child = tandem(&store)
            .args(["dev", "write-loop"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        // Read what the writer reports while it runs.
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.strip_prefix("ok ").map(str::to_string))
                .collect::<Vec<String>>()
        });
        // Kill at a random moment: sometimes before the first write, mostly mid-stream.
        let wait = Duration::from_millis(next(&mut seed) % 400);
        let started = Instant::now();
        while started.elapsed() < wait {
            std::thread::sleep(Duration::from_millis(5));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let ids = reader.join().unwrap();
        reported.extend(ids);

        // The store opens cleanly and holds every reported write.
        let out = tandem(&store)
            .args(["goal", "list", "--all", "--json"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "round {round}: the store did not open: {stderr}"
        );
        assert!(
            stderr.is_empty(),
            "round {round}: warnings after a kill: {stderr}"
        );
        let goals: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let stored: HashSet<String> = goals
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["meta"]["id"].as_str().unwrap().to_string())
            .collect();
        let lost: Vec<&String> = reported.difference(&stored).collect();
        assert!(
            lost.is_empty(),
            "round {round}: {} reported writes lost: {lost:?}",
            lost.len()
        );
    }
    assert!(
        reported.len() > 50,
        "the writer made too few writes ({}) for the test to mean much",
        reported.len()
    );
}
