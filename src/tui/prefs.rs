//! What the configuration file changes in the app: the keymap (per mode,
//! an action's keys) and the look (theme, colours by role, date style).
//! Whatever cannot be read is reported as a [`Problem`] with its line and
//! left at its default; a key given to two actions in one mode is reported
//! and the later setting dropped.

use crossterm::event::KeyCode;
use ratatui::style::Color;

use super::action::Action;
use super::keymap::{Key, KeyMode, Keymap};
use super::tabs::Tab;
use super::ui::theme::{DateStyle, Look, Palette};
use crate::config::{Config, KeySetting, Problem};

/// A mode's name in the file: its variant in kebab case (`form-line`).
pub fn mode_name(mode: KeyMode) -> String {
    kebab(&format!("{mode:?}"))
}

/// An action's name in the file (`next-tab`, `tab-journal`, `pick-3`);
/// `None` for what no key is bound to (typing).
pub fn action_name(action: &Action) -> Option<String> {
    Some(match action {
        Action::GoTab(tab) => format!("tab-{}", tab.key()),
        Action::Pick(n) => format!("pick-{n}"),
        Action::Type(_) => return None,
        other => kebab(&format!("{other:?}")),
    })
}

fn action_named(name: &str) -> Option<Action> {
    if let Some(tab) = name.strip_prefix("tab-") {
        return Tab::from_key(tab).map(Action::GoTab);
    }
    if let Some(n) = name.strip_prefix("pick-") {
        return n.parse().ok().map(Action::Pick);
    }
    let camel: String = name
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    Action::named(&camel)
}

fn kebab(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Reads a key as the file writes it: a character, `Ctrl-x`, or a name
/// (`Enter`, `PageDown`, `F5`, …, in any case; arrows also as ↑ ↓ ← →).
pub fn parse_key(text: &str) -> Option<Key> {
    let (ctrl, rest) = match text.split_once('-') {
        Some((c, rest)) if c.eq_ignore_ascii_case("ctrl") && !rest.is_empty() => (true, rest),
        _ => (false, text),
    };
    let mut chars = rest.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        let code = match c {
            '↑' => KeyCode::Up,
            '↓' => KeyCode::Down,
            '←' => KeyCode::Left,
            '→' => KeyCode::Right,
            c if c.is_control() => return None,
            c if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            c => KeyCode::Char(c),
        };
        return Some(Key { code, ctrl });
    }
    let code = match rest.to_ascii_lowercase().as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "shift-tab" | "backtab" => KeyCode::BackTab,
        "space" => KeyCode::Char(' '),
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" => KeyCode::Insert,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" => KeyCode::PageDown,
        f if f.starts_with('f') => {
            KeyCode::F(f[1..].parse().ok().filter(|n| (1..=24).contains(n))?)
        }
        _ => return None,
    };
    Some(Key { code, ctrl })
}

/// A key as the file writes it (what [`parse_key`] reads back).
pub fn key_name(key: Key) -> String {
    let base = match key.code {
        KeyCode::Up => "Up".to_string(),
        KeyCode::Down => "Down".into(),
        KeyCode::Left => "Left".into(),
        KeyCode::Right => "Right".into(),
        KeyCode::PageUp => "PageUp".into(),
        KeyCode::PageDown => "PageDown".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        _ => key.label().trim_start_matches("Ctrl-").to_string(),
    };
    if key.ctrl {
        format!("Ctrl-{}", base.to_lowercase())
    } else {
        base
    }
}

/// The keymap and the look the configuration asks for (colours off with
/// `no_color`), and every mistake in it (its TOML's too), in line order.
pub fn read(config: &Config, no_color: bool) -> (Keymap, Look, Vec<Problem>) {
    let (keys, mut problems) = keymap(config);
    let (look, more) = look(config, no_color);
    problems.extend(more);
    problems.extend(config.problems.iter().cloned());
    problems.sort_by_key(|p| p.line);
    (keys, look, problems)
}

/// The keymap the configuration asks for, and what in it could not be used.
pub fn keymap(config: &Config) -> (Keymap, Vec<Problem>) {
    let mut keys = Keymap::default();
    let mut problems = Vec::new();
    let file = config.file.clone().unwrap_or_default();
    let mut problem = |line: usize, what: String| {
        problems.push(Problem {
            file: file.clone(),
            line,
            what,
        })
    };
    // Each readable setting: its mode, the index of its binding there, and
    // the keys it gives.
    let mut wanted: Vec<(KeyMode, usize, Vec<Key>, &KeySetting)> = Vec::new();
    for s in &config.keys {
        let Some(mode) = KeyMode::ALL.into_iter().find(|m| mode_name(*m) == s.mode) else {
            let known: Vec<String> = KeyMode::ALL.into_iter().map(mode_name).collect();
            problem(
                s.line,
                format!(
                    "unknown mode [keys.{}] (known: {})",
                    s.mode,
                    known.join(", ")
                ),
            );
            continue;
        };
        let index = action_named(&s.action)
            .and_then(|a| keys.bindings(mode).iter().position(|b| b.action == a));
        let Some(index) = index else {
            problem(
                s.line,
                format!(
                    "no action '{}' in [keys.{}] (`tandem config keys` lists them)",
                    s.action, s.mode
                ),
            );
            continue;
        };
        let parsed: Result<Vec<Key>, &String> =
            s.keys.iter().map(|k| parse_key(k).ok_or(k)).collect();
        match parsed {
            Ok(new) => wanted.push((mode, index, new, s)),
            Err(bad) => problem(
                s.line,
                format!(
                    "'{bad}' is not a key (a character, Ctrl-x, Enter, Esc, Tab, Space, Up, PageDown, F5, …)"
                ),
            ),
        }
    }
    // A setting whose key another binding of its mode has (once every other
    // accepted setting is in place) is dropped, the later line first, until
    // none clash.
    loop {
        let mut trial = Keymap::default();
        apply(&mut trial, &wanted);
        let clash = wanted
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, (mode, index, new, _))| {
                let bindings = trial.bindings(*mode);
                let mine = &bindings[*index];
                new.iter().find_map(|k| {
                    bindings
                        .iter()
                        .enumerate()
                        .find(|(j, b)| {
                            j != index
                                && b.keys.contains(k)
                                && Tab::ALL
                                    .into_iter()
                                    .any(|t| b.applies_to(t) && mine.applies_to(t))
                        })
                        .map(|(_, b)| (i, *k, b.action.clone()))
                })
            });
        match clash {
            None => {
                apply(&mut keys, &wanted);
                return (keys, problems);
            }
            Some((i, key, other)) => {
                let (mode, _, _, s) = wanted.remove(i);
                problem(
                    s.line,
                    format!(
                        "{} in [keys.{}] is also {}'s key; {} keeps its keys",
                        key_name(key),
                        mode_name(mode),
                        action_name(&other).unwrap_or_default(),
                        s.action
                    ),
                );
            }
        }
    }
}

fn apply(keys: &mut Keymap, wanted: &[(KeyMode, usize, Vec<Key>, &KeySetting)]) {
    for (mode, index, new, _) in wanted {
        if let Some((_, b)) = keys.bindings_mut().filter(|(m, _)| m == mode).nth(*index) {
            b.keys = new.clone();
        }
    }
}

/// The look the configuration asks for (colours off with `no_color`), and
/// what in it could not be used.
pub fn look(config: &Config, no_color: bool) -> (Look, Vec<Problem>) {
    let file = config.file.clone().unwrap_or_default();
    let mut problems = Vec::new();
    let mut problem = |line: usize, what: String| {
        problems.push(Problem {
            file: file.clone(),
            line,
            what,
        })
    };
    let mut palette = match config.theme.as_ref().map(|t| t.value.as_str()) {
        None | Some("dark") => Palette::DARK,
        Some("light") => Palette::LIGHT,
        Some(other) => {
            problem(
                config.theme.as_ref().map_or(0, |t| t.line),
                format!("unknown theme '{other}' (known: dark, light)"),
            );
            Palette::DARK
        }
    };
    for (role, colour) in &config.colors {
        let parsed = parse_colour(&colour.value);
        match (palette.role_mut(role), parsed) {
            (Some(slot), Some(c)) => *slot = c,
            (None, _) => problem(
                colour.line,
                format!("unknown colour role '{role}' (known: accent, good, warn, bad, muted)"),
            ),
            (_, None) => problem(
                colour.line,
                format!(
                    "'{}' is not a colour (a name such as blue, a number 0-255, or #rrggbb)",
                    colour.value
                ),
            ),
        }
    }
    let dates = match &config.date_style {
        None => DateStyle::default(),
        Some(d) => DateStyle::named(&d.value).unwrap_or_else(|| {
            problem(
                d.line,
                format!(
                    "unknown date_style '{}' (known: day-month, month-day, iso)",
                    d.value
                ),
            );
            DateStyle::default()
        }),
    };
    if no_color {
        palette = Palette::NONE;
    }
    (Look { palette, dates }, problems)
}

fn parse_colour(text: &str) -> Option<Color> {
    let t = text.trim();
    if let Ok(n) = t.parse::<u8>() {
        return Some(Color::Indexed(n));
    }
    t.parse::<Color>().ok().filter(|c| *c != Color::Reset)
}

/// Whether colours are off: `NO_COLOR` set to anything but the empty string
/// (no-color.org).
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Every mode's actions and their keys in `keys`, as a configuration file
/// writes them (`tandem config keys`).
pub fn keys_toml(keys: &Keymap) -> String {
    let mut out = String::new();
    for mode in KeyMode::ALL {
        out.push_str(&format!("[keys.{}]  # {}\n", mode_name(mode), mode.title()));
        for b in keys.bindings(mode) {
            let Some(name) = action_name(&b.action) else {
                continue;
            };
            let names: Vec<String> = b
                .keys
                .iter()
                .map(|k| format!("{:?}", key_name(*k)))
                .collect();
            let value = match names.as_slice() {
                [one] => one.clone(),
                _ => format!("[{}]", names.join(", ")),
            };
            out.push_str(&format!("{name} = {value}  # {}\n", b.help));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyEvent, KeyModifiers};

    fn config(text: &str) -> Config {
        crate::config::parse(text, std::path::Path::new("tandem.toml"))
    }

    fn press(keys: &Keymap, mode: KeyMode, c: char) -> Option<Action> {
        keys.action_for(
            &[mode],
            Tab::Goals,
            &KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
        )
    }

    #[test]
    fn every_action_and_mode_has_a_name_that_reads_back() {
        for mode in KeyMode::ALL {
            assert!(
                KeyMode::ALL
                    .into_iter()
                    .filter(|m| mode_name(*m) == mode_name(mode))
                    .count()
                    == 1
            );
            for b in Keymap::default().bindings(mode) {
                let name = action_name(&b.action).unwrap();
                assert_eq!(action_named(&name), Some(b.action.clone()), "{name}");
                for k in &b.keys {
                    assert_eq!(parse_key(&key_name(*k)), Some(*k), "{}", key_name(*k));
                }
            }
        }
    }

    #[test]
    fn keys_read_as_written() {
        let k = |c: KeyCode, ctrl| Some(Key { code: c, ctrl });
        assert_eq!(parse_key("o"), k(KeyCode::Char('o'), false));
        assert_eq!(parse_key("J"), k(KeyCode::Char('J'), false));
        assert_eq!(parse_key("Ctrl-E"), k(KeyCode::Char('e'), true));
        assert_eq!(parse_key("ctrl-e"), k(KeyCode::Char('e'), true));
        assert_eq!(parse_key("PageDown"), k(KeyCode::PageDown, false));
        assert_eq!(parse_key("esc"), k(KeyCode::Esc, false));
        assert_eq!(parse_key("F5"), k(KeyCode::F(5), false));
        assert_eq!(parse_key("-"), k(KeyCode::Char('-'), false));
        assert_eq!(parse_key("↑"), k(KeyCode::Up, false));
        assert_eq!(parse_key("F99"), None);
        assert_eq!(parse_key("Hyper-x"), None);
        assert_eq!(parse_key(""), None);
    }

    #[test]
    fn a_swap_and_a_move_are_taken_whole() {
        let c = config("[keys.list]\ndown = \"k\"\nup = \"j\"\nnew = \"o\"\n");
        let (keys, problems) = keymap(&c);
        assert_eq!(problems, vec![]);
        assert_eq!(press(&keys, KeyMode::List, 'k'), Some(Action::Down));
        assert_eq!(press(&keys, KeyMode::List, 'j'), Some(Action::Up));
        assert_eq!(press(&keys, KeyMode::List, 'o'), Some(Action::New));
        assert_eq!(press(&keys, KeyMode::List, 'n'), None);
    }

    #[test]
    fn mistakes_are_reported_by_line_and_the_defaults_kept() {
        let c = config(
            "[keys.list]\nnew = \"e\"\ndonw = \"x\"\nup = \"Hyper-x\"\n[keys.lists]\nnew = \"o\"\n",
        );
        let (keys, problems) = keymap(&c);
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![3, 4, 6, 2], "{problems:?}");
        assert!(problems[3].what.contains("also edit's key"), "{problems:?}");
        assert_eq!(press(&keys, KeyMode::List, 'n'), Some(Action::New));
        assert_eq!(press(&keys, KeyMode::List, 'e'), Some(Action::Edit));
    }

    #[test]
    fn the_look_follows_theme_colours_and_no_color() {
        let c = config(
            "theme = \"light\"\ndate_style = \"iso\"\n[colors]\naccent = \"#112233\"\nbad = \"9\"\n",
        );
        let (look, problems) = look(&c, false);
        assert_eq!(problems, vec![]);
        assert_eq!(look.palette.accent, Color::Rgb(0x11, 0x22, 0x33));
        assert_eq!(look.palette.bad, Color::Indexed(9));
        assert_eq!(look.palette.good, Palette::LIGHT.good);
        assert_eq!(look.dates, DateStyle::Iso);
        assert_eq!(super::look(&c, true).0.palette, Palette::NONE);
        let bad = config(
            "theme = \"solar\"\ndate_style = \"us\"\n[colors]\nloud = \"red\"\ngood = \"ultraviolet\"\n",
        );
        let (look, problems) = super::look(&bad, false);
        assert_eq!(look, Look::default());
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![1, 4, 5, 2]);
    }

    #[test]
    fn the_listing_of_keys_reads_back_as_the_same_keymap() {
        let text = keys_toml(&Keymap::default());
        let (keys, problems) = keymap(&config(&text));
        assert_eq!(problems, vec![]);
        for mode in KeyMode::ALL {
            let a: Vec<_> = keys.bindings(mode).iter().map(|b| b.keys.clone()).collect();
            let b: Vec<_> = Keymap::default()
                .bindings(mode)
                .iter()
                .map(|b| b.keys.clone())
                .collect();
            assert_eq!(a, b, "{mode:?}");
        }
    }
}
