//! The share and import dialogs: one path to type, which `Tab` completes
//! from the file system, with the newest bundles nearby offered to pick.
//!
//! A path is read as a shell would: `~/…` from the home directory, `/…` as
//! it is, anything else from the directory tandem was started in.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::{DateTime, Local};
use ratatui_textarea::TextArea;

/// What the dialog is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Write a share bundle for the partner.
    Share,
    /// Import the partner's bundle.
    Import,
}

/// Where paths start: the directory tandem runs in, and the home directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Places {
    pub cwd: PathBuf,
    pub home: Option<PathBuf>,
    /// More directories to look in for bundles (the user's downloads and
    /// desktop directories, where they are not `~/Downloads` and `~/Desktop`).
    pub also: Vec<PathBuf>,
}

impl Places {
    /// The process's own.
    pub fn here() -> Places {
        let user = directories::UserDirs::new();
        Places {
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")),
            home: user.as_ref().map(|d| d.home_dir().to_path_buf()),
            also: user
                .iter()
                .flat_map(|d| [d.download_dir(), d.desktop_dir()])
                .flatten()
                .map(Path::to_path_buf)
                .collect(),
        }
    }

    /// The path `text` names: `~` and `~/…` under home, an absolute path as
    /// it is, anything else under the current directory.
    pub fn resolve(&self, text: &str) -> PathBuf {
        let text = text.trim();
        if let Some(home) = &self.home {
            if text == "~" {
                return home.clone();
            }
            if let Some(rest) = text.strip_prefix("~/") {
                return home.join(rest);
            }
        }
        let path = Path::new(text);
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.cwd.join(path)
        }
    }

    /// `path` as a person would type it: `~/…` under home.
    pub fn show(&self, path: &Path) -> String {
        if let Some(home) = &self.home
            && let Ok(rest) = path.strip_prefix(home)
        {
            return if rest.as_os_str().is_empty() {
                "~".into()
            } else {
                format!("~/{}", rest.display())
            };
        }
        path.display().to_string()
    }

    /// The directories where a partner's bundle usually lands: here, home,
    /// and the downloads and desktop directories.
    fn nearby(&self) -> Vec<PathBuf> {
        let mut dirs = vec![self.cwd.clone()];
        if let Some(home) = &self.home {
            dirs.push(home.clone());
            dirs.push(home.join("Downloads"));
            dirs.push(home.join("Desktop"));
        }
        dirs.extend(self.also.iter().cloned());
        let mut seen = Vec::new();
        dirs.retain(|d| {
            let key = d.canonicalize().unwrap_or_else(|_| d.clone());
            let new = !seen.contains(&key);
            seen.push(key);
            new
        });
        dirs
    }
}

/// A path offered under the field: a bundle nearby or a completion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    /// As typed into the field when picked.
    pub text: String,
    /// When it was written and how large, for a file.
    pub about: String,
}

/// How many bundles nearby are offered.
const NEARBY: usize = 6;
/// How many completions are listed.
const COMPLETIONS: usize = 50;

/// The newest `*.bundle` files in the usual places, newest first.
pub fn nearby_bundles(places: &Places) -> Vec<Offer> {
    let mut found: Vec<(SystemTime, PathBuf, u64)> = Vec::new();
    for dir in places.nearby() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "bundle") || !drawable(&path) {
                continue;
            }
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_file() {
                let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                found.push((modified, path, meta.len()));
            }
        }
    }
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    found
        .into_iter()
        .take(NEARBY)
        .map(|(modified, path, len)| Offer {
            text: places.show(&path),
            about: about_file(modified, len),
        })
        .collect()
}

/// Whether a path can be shown as it is (no control characters in it,
/// which would reach the terminal).
fn drawable(path: &Path) -> bool {
    path.to_str()
        .is_some_and(|p| !p.chars().any(char::is_control))
}

/// "2 hours ago · 12 KiB": how old a file is says which bundle is the
/// latest.
fn about_file(modified: SystemTime, len: u64) -> String {
    let age = SystemTime::now()
        .duration_since(modified)
        .unwrap_or_default()
        .as_secs();
    let when = match age {
        0..60 => "just now".to_string(),
        60..120 => "a minute ago".to_string(),
        120..3600 => format!("{} minutes ago", age / 60),
        3600..7200 => "an hour ago".to_string(),
        7200..86_400 => format!("{} hours ago", age / 3600),
        86_400..172_800 => "yesterday".to_string(),
        172_800..2_592_000 => format!("{} days ago", age / 86_400),
        _ => {
            let at: DateTime<Local> = modified.into();
            at.format("%d %b %Y").to_string()
        }
    };
    format!("{when} · {}", crate::store::size(len))
}

/// What `Tab` made of the field: its new text, and what else matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub text: String,
    /// Every name that fits, when more than one does.
    pub candidates: Vec<Offer>,
}

/// Completes the last part of the path `text` from what is in its
/// directory, as a shell does: one match is written out (a directory with
/// its `/`), several are completed to what they share and listed. Hidden
/// files are offered once a `.` is typed. `None`: nothing matches.
pub fn complete(places: &Places, text: &str) -> Option<Completion> {
    let (dir_text, prefix) = match text.rfind('/') {
        Some(i) => (&text[..=i], &text[i + 1..]),
        None if text == "~" => ("~/", ""),
        None => ("", text),
    };
    let dir = if dir_text.is_empty() {
        places.cwd.clone()
    } else {
        places.resolve(dir_text)
    };
    let mut names: Vec<(String, bool)> = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            if name.chars().any(char::is_control)
                || !name.starts_with(prefix)
                || (name.starts_with('.') && !prefix.starts_with('.'))
            {
                return None;
            }
            // A link to a directory completes as one.
            let is_dir = entry.path().is_dir();
            Some((name, is_dir))
        })
        .collect();
    names.sort();
    let with_slash = |(name, is_dir): &(String, bool)| {
        if *is_dir {
            format!("{dir_text}{name}/")
        } else {
            format!("{dir_text}{name}")
        }
    };
    match names.as_slice() {
        [] => None,
        [one] => Some(Completion {
            text: with_slash(one),
            candidates: Vec::new(),
        }),
        many => {
            let shared = many
                .iter()
                .skip(1)
                .fold(many[0].0.clone(), |acc, (name, _)| {
                    common_prefix(&acc, name)
                });
            Some(Completion {
                text: format!("{dir_text}{shared}"),
                candidates: many
                    .iter()
                    .take(COMPLETIONS)
                    .map(|n| Offer {
                        text: with_slash(n),
                        about: if n.1 { "folder".into() } else { String::new() },
                    })
                    .collect(),
            })
        }
    }
}

/// The longest start `a` and `b` share, cut between characters.
fn common_prefix(a: &str, b: &str) -> String {
    a.chars()
        .zip(b.chars())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x)
        .collect()
}

/// The dialog's state.
pub struct FileDialog {
    pub purpose: Purpose,
    pub input: Box<TextArea<'static>>,
    /// Paths to pick from under the field, and what they are.
    pub offers: Vec<Offer>,
    pub offers_title: String,
    /// The offer the field shows, once one was picked with ↓/↑.
    pub picked: Option<usize>,
    /// Whether the offers are what `Tab` found (and narrow as one types).
    matches: bool,
    /// Why Enter did nothing (shown under the field).
    pub error: Option<String>,
    pub places: Places,
    /// For a bundle written into a folder: the file's name.
    file_name: String,
    /// Whom a bundle is for, when that is one of several (a mentor's mentee).
    pub partner: Option<String>,
}

/// What `Enter` in the dialog asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Write the bundle to this file (it may exist: ask first).
    Write(PathBuf),
    /// Import the bundle in this file.
    Import(PathBuf),
    /// Nothing yet: the dialog changed (an error, a folder opened).
    Stay,
}

impl FileDialog {
    /// The dialog to write a bundle, proposing `file_name` in the home
    /// directory (selected, so that typing replaces it).
    pub fn share(places: Places, file_name: &str) -> FileDialog {
        let dir = places.home.clone().unwrap_or_else(|| places.cwd.clone());
        let proposed = places.show(&dir.join(file_name));
        FileDialog {
            purpose: Purpose::Share,
            input: Box::new(selected_line(&proposed)),
            offers: Vec::new(),
            offers_title: String::new(),
            picked: None,
            matches: false,
            error: None,
            places,
            file_name: file_name.to_string(),
            partner: None,
        }
    }

    /// Says whom the bundle is for (a mentor's mentee).
    pub fn for_partner(mut self, partner: Option<String>) -> FileDialog {
        self.partner = partner;
        self
    }

    /// The dialog to import a bundle, offering the newest ones nearby (the
    /// newest in the field, selected).
    pub fn import(places: Places) -> FileDialog {
        let offers = nearby_bundles(&places);
        let first = offers.first().map(|o| o.text.clone()).unwrap_or_default();
        let offers_title = if offers.is_empty() {
            "No bundle (*.bundle) here, in ~, ~/Downloads or ~/Desktop".to_string()
        } else {
            "Bundles nearby, newest first".to_string()
        };
        FileDialog {
            purpose: Purpose::Import,
            input: Box::new(selected_line(&first)),
            picked: (!offers.is_empty()).then_some(0),
            matches: false,
            offers,
            offers_title,
            error: None,
            places,
            file_name: String::new(),
            partner: None,
        }
    }

    /// The text in the field.
    pub fn text(&self) -> String {
        self.input.lines().concat()
    }

    fn set_text(&mut self, text: &str) {
        let mut area = TextArea::new(vec![text.to_string()]);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        *self.input = area;
    }

    /// A key typed into the field: what was picked or completed is
    /// forgotten.
    pub fn typed(&mut self, ev: crossterm::event::KeyEvent) {
        self.input.input(ev);
        self.picked = None;
        self.error = None;
        if self.matches {
            // What Tab found narrows to what still fits.
            let text = self.text();
            self.offers.retain(|o| o.text.starts_with(&text));
            if self.offers.is_empty() {
                self.offers_title.clear();
                self.matches = false;
            }
        }
    }

    /// Moves the pick among the offers (`down` or up), writing the picked
    /// path into the field; up from the first goes back to the field.
    pub fn pick(&mut self, down: bool) {
        if self.offers.is_empty() {
            return;
        }
        let last = self.offers.len() - 1;
        self.picked = match (self.picked, down) {
            (None, true) => Some(0),
            (None, false) => None,
            (Some(i), true) => Some((i + 1).min(last)),
            (Some(0), false) => None,
            (Some(i), false) => Some(i - 1),
        };
        if let Some(i) = self.picked {
            let text = self.offers[i].text.clone();
            self.set_text(&text);
        }
        self.error = None;
    }

    /// `Tab`: completes the path in the field.
    pub fn complete(&mut self) {
        self.error = None;
        let text = self.text();
        match complete(&self.places, &text) {
            None => {
                self.error = Some(format!("Nothing here starts with “{}”.", text.trim()));
            }
            Some(done) => {
                self.set_text(&done.text);
                if !done.candidates.is_empty() {
                    self.offers_title =
                        "Matches: ↓ to pick one, Tab again after more letters".into();
                    self.offers = done.candidates;
                    self.picked = None;
                    self.matches = true;
                } else if done.text.ends_with('/') || self.matches {
                    // Into a folder (what is in it comes with the next Tab),
                    // or to one file: what Tab listed before is done with.
                    self.offers.clear();
                    self.offers_title.clear();
                    self.picked = None;
                    self.matches = false;
                }
            }
        }
    }

    /// `Enter`: what to do with the path in the field.
    pub fn accept(&mut self) -> Request {
        self.error = None;
        let text = self.text();
        if text.trim().is_empty() {
            self.error = Some(match self.purpose {
                Purpose::Share => "Type where to write the bundle.".into(),
                Purpose::Import if self.offers.is_empty() => {
                    "Type the path of your partner's bundle (Tab completes).".into()
                }
                Purpose::Import => "Type a path, or pick a bundle below with ↓.".into(),
            });
            return Request::Stay;
        }
        let path = self.places.resolve(&text);
        match self.purpose {
            Purpose::Share => {
                let path = if path.is_dir() {
                    path.join(&self.file_name)
                } else {
                    path
                };
                match path.parent() {
                    Some(dir) if !dir.is_dir() => {
                        self.error = Some(format!(
                            "There is no folder {}: make it first, or pick another (Tab completes).",
                            self.places.show(dir)
                        ));
                        Request::Stay
                    }
                    _ => Request::Write(path),
                }
            }
            Purpose::Import if path.is_dir() => {
                // Enter on a folder opens it.
                let mut text = self.places.show(&path);
                if !text.ends_with('/') {
                    text.push('/');
                }
                self.set_text(&text);
                self.picked = None;
                self.offers = match complete(&self.places, &text) {
                    Some(one) if one.candidates.is_empty() => vec![Offer {
                        text: one.text,
                        about: String::new(),
                    }],
                    Some(listing) => listing.candidates,
                    None => Vec::new(),
                };
                self.matches = !self.offers.is_empty();
                self.offers_title = if self.matches {
                    format!("In {text}")
                } else {
                    format!("{text} is empty")
                };
                Request::Stay
            }
            Purpose::Import if !path.exists() => {
                self.error = Some(format!("There is no file {}.", self.places.show(&path)));
                Request::Stay
            }
            Purpose::Import => Request::Import(path),
        }
    }
}

/// A one-line field holding `text`, all of it selected.
fn selected_line(text: &str) -> TextArea<'static> {
    let mut area = TextArea::new(vec![text.to_string()]);
    if !text.is_empty() {
        area.select_all();
    }
    area.move_cursor(ratatui_textarea::CursorMove::End);
    area
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(dir: &Path) -> Places {
        Places {
            cwd: dir.join("work"),
            home: Some(dir.to_path_buf()),
            also: Vec::new(),
        }
    }

    #[test]
    fn paths_are_read_as_a_shell_reads_them() {
        let p = Places {
            cwd: PathBuf::from("/srv/work"),
            home: Some(PathBuf::from("/home/ana")),
            also: Vec::new(),
        };
        assert_eq!(p.resolve("~/a.bundle"), PathBuf::from("/home/ana/a.bundle"));
        assert_eq!(p.resolve("/tmp/a.bundle"), PathBuf::from("/tmp/a.bundle"));
        assert_eq!(p.resolve("a.bundle"), PathBuf::from("/srv/work/a.bundle"));
        assert_eq!(p.resolve("  ~  "), PathBuf::from("/home/ana"));
        assert_eq!(p.show(Path::new("/home/ana/x/y")), "~/x/y");
        assert_eq!(p.show(Path::new("/home/anabel")), "/home/anabel");
        assert_eq!(p.show(Path::new("/tmp/x")), "/tmp/x");
    }

    #[test]
    fn tab_completes_one_match_whole_and_many_to_what_they_share() {
        let dir = tempfile::tempdir().unwrap();
        let p = places(dir.path());
        std::fs::create_dir_all(dir.path().join("work")).unwrap();
        std::fs::create_dir_all(dir.path().join("Downloads")).unwrap();
        std::fs::write(dir.path().join("Downloads/marko-1.bundle"), b"x").unwrap();
        std::fs::write(dir.path().join("Downloads/marko-2.bundle"), b"x").unwrap();
        std::fs::write(dir.path().join(".hidden"), b"x").unwrap();

        let one = complete(&p, "~/Dow").unwrap();
        assert_eq!(one.text, "~/Downloads/");
        assert!(one.candidates.is_empty());

        let many = complete(&p, "~/Downloads/m").unwrap();
        assert_eq!(many.text, "~/Downloads/marko-");
        let texts: Vec<&str> = many.candidates.iter().map(|o| o.text.as_str()).collect();
        assert_eq!(
            texts,
            ["~/Downloads/marko-1.bundle", "~/Downloads/marko-2.bundle"]
        );

        assert!(complete(&p, "~/nothing").is_none());

        // In the dialog, typing narrows what Tab listed.
        let mut d = FileDialog::import(p.clone());
        d.set_text("~/Downloads/m");
        d.complete();
        assert_eq!(d.offers.len(), 2);
        d.typed(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Char('2'),
        ));
        assert_eq!(d.text(), "~/Downloads/marko-2");
        let left: Vec<&str> = d.offers.iter().map(|o| o.text.as_str()).collect();
        assert_eq!(left, ["~/Downloads/marko-2.bundle"]);
        let listing = complete(&p, "~/").unwrap();
        assert!(
            listing
                .candidates
                .iter()
                .all(|o| !o.text.contains(".hidden")),
            "hidden files only once a dot is typed"
        );
        assert_eq!(complete(&p, "~/.h").unwrap().text, "~/.hidden");
    }

    #[test]
    fn the_newest_bundles_nearby_come_first() {
        let dir = tempfile::tempdir().unwrap();
        let p = places(dir.path());
        std::fs::create_dir_all(dir.path().join("Downloads")).unwrap();
        let old = dir.path().join("old.bundle");
        std::fs::write(&old, b"x").unwrap();
        let past = SystemTime::now() - std::time::Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(past)
            .unwrap();
        std::fs::write(dir.path().join("Downloads/new.bundle"), b"xy").unwrap();
        std::fs::write(dir.path().join("notes.txt"), b"x").unwrap();
        let found: Vec<String> = nearby_bundles(&p).into_iter().map(|o| o.text).collect();
        assert_eq!(found, ["~/Downloads/new.bundle", "~/old.bundle"]);
    }

    #[test]
    fn typing_replaces_the_proposed_path_instead_of_joining_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut d = FileDialog::share(places(dir.path()), "tandem-ana.bundle");
        assert_eq!(d.text(), "~/tandem-ana.bundle");
        for c in "/abs/x.bundle".chars() {
            d.typed(crossterm::event::KeyEvent::from(
                crossterm::event::KeyCode::Char(c),
            ));
        }
        assert_eq!(d.text(), "/abs/x.bundle");
    }

    #[test]
    fn a_bundle_written_to_a_folder_takes_the_proposed_name() {
        let dir = tempfile::tempdir().unwrap();
        let mut d = FileDialog::share(places(dir.path()), "tandem-ana.bundle");
        d.set_text("~");
        assert_eq!(
            d.accept(),
            Request::Write(dir.path().join("tandem-ana.bundle"))
        );
        d.set_text("~/no/such/dir/x.bundle");
        assert_eq!(d.accept(), Request::Stay);
        assert!(
            d.error
                .as_deref()
                .unwrap()
                .contains("no folder ~/no/such/dir")
        );
    }

    #[test]
    fn enter_on_a_folder_opens_it_and_on_a_missing_file_says_so() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("in")).unwrap();
        std::fs::write(dir.path().join("in/a.bundle"), b"x").unwrap();
        std::fs::write(dir.path().join("in/b.bundle"), b"x").unwrap();
        let mut d = FileDialog::import(places(dir.path()));
        d.set_text("~/in");
        assert_eq!(d.accept(), Request::Stay);
        assert_eq!(d.text(), "~/in/");
        assert_eq!(d.offers.len(), 2);
        d.pick(true);
        assert_eq!(d.text(), "~/in/a.bundle");
        assert_eq!(d.accept(), Request::Import(dir.path().join("in/a.bundle")));
        d.set_text("~/in/c.bundle");
        assert_eq!(d.accept(), Request::Stay);
        assert_eq!(d.error.as_deref(), Some("There is no file ~/in/c.bundle."));
    }
}
