//! A mentor's first screen (each mentee at a glance, one picked to work
//! on) and the pair's talking points: their state and how keys change it.

use ratatui_textarea::TextArea;

use super::action::Action;
use super::app::{App, Mode};
use super::keymap::KeyMode;
use crate::domain::{AnyRecord, TalkingPoint};

/// The talking points overlay: the selected point, and the new point
/// being typed (None while moving in the list).
pub struct Points {
    pub selected: usize,
    pub input: Option<Box<TextArea<'static>>>,
}

impl Points {
    pub fn new() -> Points {
        Points {
            selected: 0,
            input: None,
        }
    }

    /// The text typed for a new point.
    pub fn typed(&self) -> String {
        self.input
            .as_ref()
            .map(|t| t.lines().join(" ").trim().to_string())
            .unwrap_or_default()
    }
}

impl Default for Points {
    fn default() -> Points {
        Points::new()
    }
}

impl App {
    /// The mentor's first screen, on the mentee of the pair shown.
    pub fn mentees_mode(&mut self) -> Mode {
        if let Err(e) = self.ws.reload_cards() {
            self.error(format!("Could not read the store: {e}"));
        }
        let at = self
            .ws
            .pair_id()
            .and_then(|id| self.ws.data.cards.iter().position(|c| c.mentee.id == id))
            .unwrap_or(0);
        Mode::Mentees(at)
    }

    pub(super) fn update_mentees(&mut self, at: usize, action: Action) -> Mode {
        let len = self.ws.data.cards.len();
        let mut pos = at;
        if self.move_selection(&action, len, &mut pos) {
            return Mode::Mentees(pos);
        }
        match action {
            Action::Accept => {
                if let Some(card) = self.ws.data.cards.get(at) {
                    let (id, name) = (card.mentee.id, card.mentee.name.clone());
                    self.show_pair(id, &name);
                    return Mode::Normal;
                }
            }
            Action::Back if self.ws.pair.is_some() => return Mode::Normal,
            Action::Help => return self.open_help(Mode::Mentees(at)),
            Action::Quit => self.quit = true,
            _ => {}
        }
        Mode::Mentees(at)
    }

    /// Shows the pair of the mentee after the one shown (one key).
    pub(super) fn next_pair(&mut self) {
        match self.ws.next_mentee() {
            Some(id) => {
                let name = self
                    .ws
                    .mentees
                    .iter()
                    .find(|p| p.id == id)
                    .map(|p| p.name.clone())
                    .unwrap_or_default();
                self.show_pair(id, &name);
            }
            None => {
                let home = self.keys.label(KeyMode::List, &Action::Mentees);
                let import = self.keys.label(KeyMode::List, &Action::ShareImport);
                self.info(match self.ws.mentees.len() {
                    0 => format!("No mentees yet: {import} imports a mentee's bundle."),
                    _ => format!("You have one mentee; {home} shows them at a glance."),
                });
            }
        }
    }

    fn show_pair(&mut self, id: crate::domain::Id, name: &str) {
        match self.ws.choose_pair(id) {
            Ok(()) => {
                self.sync();
                let next = self.keys.label(KeyMode::List, &Action::NextPair);
                let more = if self.ws.mentees.len() > 1 {
                    format!(" ({next} for the next mentee)")
                } else {
                    String::new()
                };
                self.info(format!(
                    "Now {}'s pair: every tab, the brief and what you share{more}.",
                    crate::text::one_line(name, 40)
                ));
            }
            Err(e) => self.error(format!("Could not read the store: {e}")),
        }
    }

    pub(super) fn update_points(&mut self, mut points: Box<Points>, action: Action) -> Mode {
        let len = self.ws.data.points.len();
        if let Some(input) = points.input.as_mut() {
            match action {
                Action::Accept => {
                    let text = points.typed();
                    if text.is_empty() {
                        points.input = None;
                    } else if self.raise_point(&text) {
                        points.input = None;
                        points.selected = self
                            .ws
                            .data
                            .points
                            .iter()
                            .position(|w| w.point.text == text)
                            .unwrap_or(0);
                    }
                }
                Action::Back => points.input = None,
                Action::Type(ev) => {
                    input.input(ev);
                }
                _ => {}
            }
            return Mode::Points(points);
        }
        let mut pos = points.selected;
        if self.move_selection(&action, len, &mut pos) {
            points.selected = pos;
            return Mode::Points(points);
        }
        match action {
            Action::Back | Action::Points => return Mode::Normal,
            Action::New => {
                let mut input = TextArea::default();
                input.set_placeholder_text("What to talk about");
                points.input = Some(Box::new(input));
            }
            Action::Toggle => {
                if let Some(w) = self.ws.data.points.get(points.selected) {
                    let mut p = w.point.clone();
                    let mine = self.ws.is_mine(p.meta.author);
                    p.set_discussed(true, None, mine, self.ws.now);
                    let label = format!("“{}” discussed", crate::text::one_line(&p.text, 40));
                    self.write(label, vec![AnyRecord::Point(p)]);
                    points.selected = points
                        .selected
                        .min(self.ws.data.points.len().saturating_sub(1));
                }
            }
            Action::Delete => {
                if let Some(w) = self.ws.data.points.get(points.selected) {
                    if self.ws.is_mine(w.point.meta.author) {
                        let id = w.point.meta.id;
                        match self.ws.delete(id) {
                            Ok(what) => {
                                let undo = self.keys.label(KeyMode::List, &Action::Undo);
                                self.info(format!("Deleted {what} ({undo} brings it back)"));
                            }
                            Err(e) => self.error(e),
                        }
                        self.sync();
                        points.selected = points
                            .selected
                            .min(self.ws.data.points.len().saturating_sub(1));
                    } else {
                        let who = self
                            .ws
                            .other_author(w.point.meta.author)
                            .unwrap_or("your partner");
                        let tick = self.keys.label(KeyMode::Points, &Action::Toggle);
                        self.error(format!(
                            "{} raised it: only they can delete it; {tick} ticks it as discussed.",
                            crate::text::one_line(who, 30)
                        ));
                    }
                }
            }
            Action::Undo => self.undo_last(),
            _ => {}
        }
        Mode::Points(points)
    }

    /// Saves a new talking point of the pair shown; whether it was saved.
    fn raise_point(&mut self, text: &str) -> bool {
        let Some(me) = self.ws.me.as_ref().map(|p| p.id) else {
            return false;
        };
        let point = TalkingPoint::new(me, text, self.ws.now);
        if let Err(e) = crate::domain::Record::validate(&point) {
            self.error(format!("Not saved: {e}"));
            return false;
        }
        let label = format!(
            "talking point “{}” for your next meeting",
            crate::text::one_line(text, 40)
        );
        self.write(label, vec![AnyRecord::Point(point)])
    }
}
