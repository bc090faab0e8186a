//! Colours and the look of days, in one place: the palette of the theme the
//! user chose (dark, light, their own colours by role, or none at all with
//! `NO_COLOR`) and the date style. Set once when the app starts, for the
//! thread that draws (see [`set`]); drawing reads it through the functions
//! below, so no screen names a colour of its own.

use std::cell::Cell;

use ratatui::style::{Color, Modifier, Style};

/// The colour of each role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub accent: Color,
    pub good: Color,
    pub warn: Color,
    pub bad: Color,
    pub muted: Color,
}

impl Palette {
    /// For a dark background (the default).
    pub const DARK: Palette = Palette {
        accent: Color::Cyan,
        good: Color::Green,
        warn: Color::Yellow,
        bad: Color::Red,
        muted: Color::DarkGray,
    };

    /// For a light background: no yellow or cyan, which fade on white.
    pub const LIGHT: Palette = Palette {
        accent: Color::Blue,
        good: Color::Indexed(28),
        warn: Color::Indexed(130),
        bad: Color::Indexed(160),
        muted: Color::Indexed(243),
    };

    /// No colour at all (`NO_COLOR`): the terminal's own; selections stay
    /// in reverse video and states keep their symbols and words.
    pub const NONE: Palette = Palette {
        accent: Color::Reset,
        good: Color::Reset,
        warn: Color::Reset,
        bad: Color::Reset,
        muted: Color::Reset,
    };

    /// The colour of the role called `name`, to change.
    pub fn role_mut(&mut self, name: &str) -> Option<&mut Color> {
        Some(match name {
            "accent" => &mut self.accent,
            "good" => &mut self.good,
            "warn" => &mut self.warn,
            "bad" => &mut self.bad,
            "muted" => &mut self.muted,
            _ => return None,
        })
    }
}

/// How days are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateStyle {
    /// Tue 24 Nov 2026, 24 Nov 26.
    #[default]
    DayMonth,
    /// Tue Nov 24 2026, Nov 24 26.
    MonthDay,
    /// Tue 2026-11-24, 2026-11-24.
    Iso,
}

impl DateStyle {
    pub fn named(name: &str) -> Option<DateStyle> {
        match name {
            "day-month" => Some(DateStyle::DayMonth),
            "month-day" => Some(DateStyle::MonthDay),
            "iso" => Some(DateStyle::Iso),
            _ => None,
        }
    }
}

/// The palette and date style of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    pub palette: Palette,
    pub dates: DateStyle,
}

impl Default for Look {
    fn default() -> Look {
        Look {
            palette: Palette::DARK,
            dates: DateStyle::DayMonth,
        }
    }
}

thread_local! {
    static LOOK: Cell<Look> = Cell::new(Look::default());
}

/// Sets the look this thread draws with.
pub fn set(look: Look) {
    LOOK.with(|l| l.set(look));
}

/// The look this thread draws with.
pub fn look() -> Look {
    LOOK.with(Cell::get)
}

pub fn accent() -> Color {
    look().palette.accent
}

pub fn good() -> Color {
    look().palette.good
}

pub fn warn() -> Color {
    look().palette.warn
}

pub fn bad() -> Color {
    look().palette.bad
}

pub fn muted_color() -> Color {
    look().palette.muted
}

pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn muted() -> Style {
    Style::new().fg(muted_color())
}

pub fn key() -> Style {
    Style::new().fg(accent()).add_modifier(Modifier::BOLD)
}

pub fn selected() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

pub fn heading() -> Style {
    Style::new().fg(accent()).add_modifier(Modifier::BOLD)
}

pub fn error() -> Style {
    Style::new().fg(bad()).add_modifier(Modifier::BOLD)
}
