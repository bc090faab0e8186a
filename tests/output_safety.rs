//! What tandem puts in front of people, run as a user would run it: files
//! holding private text are readable by their owner alone.
//!
//! Every test works on its own throwaway store with the clock fixed at
//! Tuesday 2026-11-24 10:00 UTC, as in `tests/cli.rs`.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

const NOW: &str = "2026-11-24T10:00:00+00:00";

struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn empty() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn with_profile(name: &str, role: &str, partner: &str) -> Sandbox {
        let s = Sandbox::empty();
        s.ok(&["init", "--name", name, "--role", role, "--partner", partner]);
        s
    }

    fn ana() -> Sandbox {
        Sandbox::with_profile("Ana", "mentee", "Marko")
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary on this sandbox's store, run by a shell that first sets
    /// the file creation mask to `umask`.
    fn run(&self, umask: &str, args: &[&str]) -> Output {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_tandem"))
            .args(args)
            .env("TANDEM_STORE", self.dir.path().join("store"))
            .env("TANDEM_NOW", NOW)
            .env("TZ", "UTC")
            .env_remove("TANDEM_USER")
            .env_remove("TANDEM_MIN_FREE_BYTES")
            .output()
            .unwrap()
    }

    fn ok_with_umask(&self, umask: &str, args: &[&str]) -> String {
        let out = self.run(umask, args);
        assert!(
            out.status.success(),
            "tandem {args:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        self.ok_with_umask("022", args)
    }
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

// ----- files with private data ----------------------------------------------

/// Every command that writes a file, each writing `name`.
fn exports(s: &Sandbox, name: &str) -> Vec<Vec<String>> {
    let f = path_str(&s.file(name)).to_string();
    vec![
        vec!["export".into(), "--format".into(), "json".into(), f.clone()],
        vec![
            "export".into(),
            "--format".into(),
            "markdown".into(),
            "--private".into(),
            f.clone(),
        ],
        vec!["share".into(), "export".into(), f.clone()],
        vec!["consult".into(), "export".into(), f],
    ]
}

#[test]
fn every_export_is_readable_by_its_owner_only_whatever_the_umask() {
    let s = Sandbox::ana();
    s.ok(&["reflect", "add", "SECRET doubt"]);
    s.ok(&["consult", "add", "Workshop", "--start", "+2d 17:00"]);
    for (i, args) in exports(&s, "out").into_iter().enumerate() {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let file = s.file("out");
        let _ = std::fs::remove_file(&file);
        for umask in ["000", "022", "077"] {
            s.ok_with_umask(umask, &args);
            assert_eq!(
                mode(&file),
                0o600,
                "tandem {args:?} with umask {umask} wrote mode {:o}",
                mode(&file)
            );
        }
        // Over a file someone left readable by all, the export is private again.
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        s.ok_with_umask("000", &args);
        assert_eq!(mode(&file), 0o600, "tandem {args:?} over a 0644 file");
        assert!(!std::fs::read(&file).unwrap().is_empty(), "export {i}");
    }
    let left: Vec<String> = std::fs::read_dir(s.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "store" && n != "out")
        .collect();
    assert!(left.is_empty(), "temporary files left behind: {left:?}");
}
