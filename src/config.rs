//! The user's configuration file (TOML): the store to use, and for the app
//! its keys, colours and date style. Read from `--config FILE`, else
//! `TANDEM_CONFIG`, else `tandem.toml` in the platform's configuration
//! directory (`~/.config/tandem/tandem.toml` on Linux); a missing file is
//! the defaults.
//!
//! A file with mistakes never stops tandem: every mistake (a file that is
//! not TOML, an unknown setting, a value of the wrong kind) is kept as a
//! [`Problem`] naming the file and line, and what could not be read is left
//! at its default. What a key or colour name means is the app's business
//! (see `tui::prefs`): here they are kept as written, with their lines.

use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

/// The file a user starts from (`tandem config default`): every setting,
/// commented out at its default, with what it does.
pub const DEFAULT: &str = include_str!("../assets/tandem.toml");

/// A mistake in the file: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// Counted from 1; 0 for the file as a whole.
    pub line: usize,
    pub what: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file.display(), self.what)
        } else {
            write!(
                f,
                "{}, line {}: {}",
                self.file.display(),
                self.line,
                self.what
            )
        }
    }
}

/// A setting as written, with its line, for the app to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written<T> {
    pub value: T,
    pub line: usize,
}

/// Keys given to one action in one mode (`[keys.MODE] ACTION = ...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySetting {
    pub mode: String,
    pub action: String,
    pub keys: Vec<String>,
    pub line: usize,
}

/// What the file says; every field `None` or empty is the default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The file read (none: there is none where it was looked for).
    pub file: Option<PathBuf>,
    pub store: Option<PathBuf>,
    /// `theme = "dark" | "light"`.
    pub theme: Option<Written<String>>,
    /// `[colors] ROLE = "COLOUR"`, in the order written.
    pub colors: Vec<(String, Written<String>)>,
    /// `date_style = ...`.
    pub date_style: Option<Written<String>>,
    pub keys: Vec<KeySetting>,
    pub problems: Vec<Problem>,
}

/// Where the configuration is read from: `flag` (`--config` or
/// `TANDEM_CONFIG`), else the platform's configuration directory.
pub fn path(flag: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = flag {
        return Some(p.to_path_buf());
    }
    directories::ProjectDirs::from("", "", "tandem").map(|d| d.config_dir().join("tandem.toml"))
}

/// Reads the configuration at `path`. A file that is not there is the
/// defaults, unless it was named explicitly (`explicit`): then that is a
/// problem too.
pub fn load(path: Option<&Path>, explicit: bool) -> Config {
    let Some(path) = path else {
        return Config::default();
    };
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => Config::default(),
        Err(e) => Config {
            problems: vec![Problem {
                file: path.to_path_buf(),
                line: 0,
                what: format!("cannot be read ({e}); the defaults are used"),
            }],
            ..Config::default()
        },
    }
}

/// Reads the configuration in `text`, the contents of `file`.
pub fn parse(text: &str, file: &Path) -> Config {
    let mut config = Config {
        file: Some(file.to_path_buf()),
        ..Config::default()
    };
    let line_of = |span: std::ops::Range<usize>| {
        1 + text[..span.start.min(text.len())]
            .bytes()
            .filter(|b| *b == b'\n')
            .count()
    };
    let mut problem = |line: usize, what: String| {
        config.problems.push(Problem {
            file: file.to_path_buf(),
            line,
            what,
        })
    };
    let (doc, errors) = DeTable::parse_recoverable(text);
    for e in &errors {
        let line = e.span().map_or(0, line_of);
        let message = e.message().lines().next().unwrap_or("").to_string();
        problem(line, format!("not TOML: {message}"));
    }
    if !errors.is_empty() {
        // What was read around a mistake cannot be trusted: all defaults.
        problem(0, "the file is not read; the defaults are used".into());
        return Config {
            file: Some(file.to_path_buf()),
            problems: config.problems,
            ..Config::default()
        };
    }
    let string = |v: &toml::Spanned<DeValue>| v.get_ref().as_str().map(str::to_string);
    let (mut store, mut theme, mut date_style) = (None, None, None);
    let (mut colors, mut keys) = (Vec::new(), Vec::new());
    for (name, value) in doc.get_ref() {
        let line = line_of(name.span());
        let kind = value.get_ref().type_str();
        match name.get_ref().as_ref() {
            "store" => match string(value) {
                Some(s) => store = Some(expand_home(&s)),
                None => problem(
                    line,
                    format!("store must be a path in quotes, not a {kind}"),
                ),
            },
            "theme" => match string(value) {
                Some(s) => theme = Some(Written { value: s, line }),
                None => problem(
                    line,
                    format!("theme must be \"dark\" or \"light\", not a {kind}"),
                ),
            },
            "date_style" => match string(value) {
                Some(s) => date_style = Some(Written { value: s, line }),
                None => problem(
                    line,
                    format!("date_style must be a name in quotes, not a {kind}"),
                ),
            },
            "colors" => match value.get_ref().as_table() {
                Some(table) => {
                    for (role, colour) in table {
                        let line = line_of(role.span());
                        match string(colour) {
                            Some(c) => colors
                                .push((role.get_ref().to_string(), Written { value: c, line })),
                            None => problem(
                                line,
                                format!("colour {} must be a name in quotes", role.get_ref()),
                            ),
                        }
                    }
                }
                None => problem(line, "colors must be a table: [colors]".into()),
            },
            "keys" => match value.get_ref().as_table() {
                Some(modes) => {
                    for (mode, actions) in modes {
                        let Some(actions) = actions.get_ref().as_table() else {
                            problem(
                                line_of(mode.span()),
                                format!(
                                    "keys.{} must be a table: [keys.{}]",
                                    mode.get_ref(),
                                    mode.get_ref()
                                ),
                            );
                            continue;
                        };
                        for (action, value) in actions {
                            let line = line_of(action.span());
                            let list = match value.get_ref() {
                                DeValue::String(s) => Some(vec![s.to_string()]),
                                DeValue::Array(items) => items
                                    .iter()
                                    .map(|i| i.get_ref().as_str().map(str::to_string))
                                    .collect::<Option<Vec<_>>>(),
                                _ => None,
                            };
                            match list {
                                Some(list) if !list.is_empty() => keys.push(KeySetting {
                                    mode: mode.get_ref().to_string(),
                                    action: action.get_ref().to_string(),
                                    keys: list,
                                    line,
                                }),
                                _ => problem(
                                    line,
                                    format!(
                                        "{} must be a key in quotes or a list of them, such as \"o\" or [\"o\", \"Ctrl-n\"]",
                                        action.get_ref()
                                    ),
                                ),
                            }
                        }
                    }
                }
                None => problem(
                    line,
                    "keys must be tables: [keys.list], [keys.form], …".into(),
                ),
            },
            other => problem(
                line,
                format!(
                    "unknown setting '{other}' (known: store, theme, date_style, [colors], [keys.MODE])"
                ),
            ),
        }
    }
    // The file's order (the parser's is alphabetical): a later line loses
    // to an earlier one, and mistakes are listed as they come.
    keys.sort_by_key(|k: &KeySetting| k.line);
    colors.sort_by_key(|(_, c): &(String, Written<String>)| c.line);
    config.problems.sort_by_key(|p| p.line);
    config.store = store;
    config.theme = theme;
    config.date_style = date_style;
    config.colors = colors;
    config.keys = keys;
    config
}

/// `~/x` as the home directory's `x`.
fn expand_home(s: &str) -> PathBuf {
    match (s.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Config {
        parse(text, Path::new("tandem.toml"))
    }

    #[test]
    fn the_default_file_sets_nothing() {
        let c = read(DEFAULT);
        assert_eq!(c.problems, vec![]);
        assert_eq!(
            c,
            Config {
                file: Some("tandem.toml".into()),
                ..Config::default()
            }
        );
    }

    #[test]
    fn settings_are_read_with_their_lines() {
        let c = read(
            "theme = \"light\"\nstore = \"/data/tandem\"\n\n[colors]\naccent = \"magenta\"\n\n[keys.list]\ndown = \"k\"\nup = [\"j\", \"Up\"]\n",
        );
        assert_eq!(c.problems, vec![]);
        assert_eq!(
            c.theme,
            Some(Written {
                value: "light".into(),
                line: 1
            })
        );
        assert_eq!(c.store, Some(PathBuf::from("/data/tandem")));
        assert_eq!(
            c.colors,
            vec![(
                "accent".into(),
                Written {
                    value: "magenta".into(),
                    line: 5
                }
            )]
        );
        assert_eq!(
            c.keys,
            vec![
                KeySetting {
                    mode: "list".into(),
                    action: "down".into(),
                    keys: vec!["k".into()],
                    line: 8
                },
                KeySetting {
                    mode: "list".into(),
                    action: "up".into(),
                    keys: vec!["j".into(), "Up".into()],
                    line: 9
                },
            ]
        );
    }

    #[test]
    fn mistakes_are_named_by_line_and_the_rest_is_read() {
        let c = read("theme = 3\nfont = \"x\"\n[keys.list]\ndown = 4\nup = \"j\"\n");
        let lines: Vec<usize> = c.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![1, 2, 4]);
        assert!(
            c.problems[1]
                .to_string()
                .starts_with("tandem.toml, line 2: unknown setting 'font'")
        );
        assert_eq!(c.theme, None);
        assert_eq!(c.keys.len(), 1);
    }

    #[test]
    fn a_file_that_is_not_toml_is_the_defaults_with_the_line_named() {
        let c = read("theme = \"light\"\n[keys.list\ndown = \"k\"\n");
        assert_eq!(c.theme, None);
        assert!(c.keys.is_empty());
        assert_eq!(c.problems[0].line, 2, "{:?}", c.problems);
        assert!(
            c.problems[0].what.starts_with("not TOML"),
            "{:?}",
            c.problems
        );
    }

    #[test]
    fn a_missing_file_is_the_defaults_unless_it_was_named() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.toml");
        assert_eq!(load(Some(&missing), false), Config::default());
        let named = load(Some(&missing), true);
        assert_eq!(named.problems.len(), 1);
        assert!(named.problems[0].what.starts_with("cannot be read"));
    }
}
