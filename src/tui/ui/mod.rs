//! Drawing: `render(frame, &app)`, a pure function of the app's state. It
//! reads no clock and does no I/O: "now" is the app's.

pub mod overlay;
mod panes;
pub mod theme;
pub mod widgets;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::action::Action;
use super::app::{App, Mode, StatusKind};
use super::keymap::KeyMode;
use super::tabs::Tab;
use crate::domain::time::relative_time;
use crate::text::{one_line, truncate, width};

/// Below this size the app asks for a bigger terminal.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

pub fn render(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return too_small(frame, area);
    }
    let status_lines = status_lines(app, usize::from(area.width));
    let [header, tabs_row, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(status_lines.len().max(1) as u16),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(frame, header, app);
    render_tabs(frame, tabs_row, app);
    if app.ws.me.is_some() {
        panes::render(frame, body, app);
    }
    frame.render_widget(Paragraph::new(status_lines), status);
    render_footer(frame, footer, app);
    // Overlays leave the status line and the footer in view.
    let above = Rect {
        height: area.height.saturating_sub(status.height + footer.height),
        ..area
    };
    overlay::render(frame, above, app);
}

fn too_small(frame: &mut Frame, area: Rect) {
    let lines = [
        "Terminal too small".to_string(),
        format!(
            "need {MIN_WIDTH}×{MIN_HEIGHT}, have {}×{}",
            area.width, area.height
        ),
    ];
    let text: Vec<Line> = lines
        .iter()
        .take(area.height as usize)
        .map(|l| Line::from(truncate(l, area.width as usize)))
        .collect();
    let top = area.height.saturating_sub(text.len() as u16) / 2;
    let rect = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(Paragraph::new(text).centered(), rect);
}

/// Spans that fit in `max` columns, dropping whole segments that do not.
/// Segments that fit in `max` columns, kept by priority (lowest first) and
/// shown in their order; a segment with a shorter form falls back to it
/// before it is dropped.
fn fit(segments: Vec<Segment>, max: usize) -> Line<'static> {
    let sep = " │ ";
    let cost = |spans: &[Span<'static>]| spans.iter().map(|s| width(&s.content)).sum::<usize>();
    let mut order: Vec<usize> = (0..segments.len()).collect();
    order.sort_by_key(|&i| segments[i].priority);
    let mut chosen: Vec<Option<&Vec<Span<'static>>>> = vec![None; segments.len()];
    let mut used = 0;
    for i in order {
        let extra = if used == 0 { 0 } else { width(sep) };
        let seg = &segments[i];
        let pick = std::iter::once(&seg.spans)
            .chain(seg.short.as_ref())
            .find(|spans| used + extra + cost(spans) <= max);
        if let Some(spans) = pick {
            used += extra + cost(spans);
            chosen[i] = Some(spans);
        }
    }
    let mut spans = Vec::new();
    for seg in chosen.into_iter().flatten() {
        if !spans.is_empty() {
            spans.push(Span::styled(sep, theme::muted()));
        }
        spans.extend(seg.iter().cloned());
    }
    Line::from(spans)
}

/// A part of the header.
struct Segment {
    spans: Vec<Span<'static>>,
    /// A shorter form, when room is short.
    short: Option<Vec<Span<'static>>>,
    /// Kept before parts with a higher number.
    priority: u8,
}

fn segment(priority: u8, spans: Vec<Span<'static>>) -> Segment {
    Segment {
        spans,
        short: None,
        priority,
    }
}

fn render_header(frame: &mut Frame, area: Rect, app: &App) {
    // Kept in this order as room runs short: the name, the check-in due,
    // the next meeting, who is in the pair, the days left.
    let mut segments = vec![segment(0, vec![Span::styled(" tandem", theme::heading())])];
    if let Some(me) = &app.ws.me {
        if app.ws.data.this_week.is_none() {
            segments.push(segment(
                1,
                vec![Span::styled(
                    " check-in due ",
                    Style::new()
                        .fg(theme::warn())
                        .add_modifier(Modifier::REVERSED),
                )],
            ));
        }
        let name = one_line(&me.name, 30);
        let mut who = vec![
            Span::styled(name.clone(), theme::title()),
            Span::raw(format!(" ({})", me.role)),
        ];
        // A mentor's header says whose pair is shown, whatever the room.
        if let Some(pair) = &app.ws.pair {
            let name = one_line(&pair.name, 30);
            let mut spans = vec![
                Span::raw("pair: "),
                Span::styled(name.clone(), theme::title()),
            ];
            let n = app.ws.mentees.len();
            if n > 1 {
                let at = app
                    .ws
                    .mentees
                    .iter()
                    .position(|m| m.id == pair.id)
                    .map_or(0, |i| i + 1);
                spans.push(Span::styled(format!(" ({at} of {n})"), theme::muted()));
            }
            segments.push(Segment {
                spans,
                short: Some(vec![Span::styled(name, theme::title())]),
                priority: 0,
            });
        } else if let Some(p) = &me.partner {
            who.push(Span::raw(format!(" with {}", one_line(p, 30))));
        }
        let first_name = name.split_whitespace().next().unwrap_or(&name).to_string();
        segments.push(Segment {
            spans: who,
            short: Some(vec![Span::styled(first_name, theme::title())]),
            priority: 3,
        });
        if let Some(c) = app.ws.data.consultations[..app.ws.data.upcoming].first() {
            let when = format!(" {}", relative_time(c.start, app.ws.now));
            segments.push(Segment {
                spans: vec![
                    Span::raw("next: "),
                    Span::styled(one_line(&c.title, 32), theme::title()),
                    Span::raw(when.clone()),
                ],
                short: Some(vec![
                    Span::raw("next: "),
                    Span::styled(one_line(&c.title, 16), theme::title()),
                    Span::raw(when),
                ]),
                priority: 2,
            });
        }
        if let Some(p) = &me.programme {
            let left = p.days_left(app.ws.now.date_naive());
            let text = if left >= 0 {
                format!(
                    "{} left in the programme",
                    crate::domain::time::plural(left, "day")
                )
            } else {
                "programme ended".into()
            };
            segments.push(segment(4, vec![Span::styled(text, theme::muted())]));
        }
    }
    frame.render_widget(Paragraph::new(fit(segments, area.width as usize)), area);
}

fn render_tabs(frame: &mut Frame, area: Rect, app: &App) {
    // Each tab with the key that goes to it.
    let keys: Vec<String> = Tab::ALL
        .iter()
        .map(|t| app.keys.label(KeyMode::List, &Action::GoTab(*t)))
        .collect();
    let full: usize = Tab::ALL
        .iter()
        .zip(&keys)
        .map(|(t, k)| width(t.title()) + width(k) + 4)
        .sum();
    let mut spans = vec![Span::raw(" ")];
    for (tab, key) in Tab::ALL.into_iter().zip(&keys) {
        let label = if full <= area.width as usize || tab == app.tab {
            format!(" {key} {} ", tab.title())
        } else {
            format!(" {key} ")
        };
        let style = if tab == app.tab {
            theme::selected().fg(theme::accent())
        } else {
            theme::muted()
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The status line: the filter while it is typed (or kept, when nothing
/// else is said), else the last message — in full, on up to three rows.
fn status_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let filter = &app.tab_state(app.tab).filter;
    let filtering = matches!(app.mode, Mode::Filter)
        || (app.status.is_none() && matches!(app.mode, Mode::Normal) && !filter.is_empty());
    if filtering {
        let cursor = if matches!(app.mode, Mode::Filter) {
            "▏"
        } else {
            ""
        };
        return vec![Line::from(vec![
            Span::styled(
                format!(" {} ", app.keys.label(KeyMode::List, &Action::Filter)),
                theme::key(),
            ),
            Span::raw(format!(
                "{}{cursor}",
                truncate(&one_line(filter, 200), width.saturating_sub(30))
            )),
            Span::styled(
                format!("  {} shown", app.visible(app.tab).len()),
                theme::muted(),
            ),
        ])];
    }
    let Some(status) = &app.status else {
        return Vec::new();
    };
    let style = match status.kind {
        StatusKind::Info => Style::new().fg(theme::good()),
        StatusKind::Error => theme::error(),
    };
    overlay::wrapped(&status.text, width.saturating_sub(2).max(10), 3)
        .into_iter()
        .map(|part| Line::styled(format!(" {part}"), style))
        .collect()
}

/// Whether `action` changes the selected record (and so does nothing on a
/// partner's, which is read-only).
pub(crate) fn changes_the_selection(action: &Action) -> bool {
    matches!(
        action,
        Action::Edit
            | Action::Delete
            | Action::NudgeUp
            | Action::NudgeDown
            | Action::CycleStatus
            | Action::ToggleVisibility
            | Action::Toggle
    )
}

fn render_footer(frame: &mut Frame, area: Rect, app: &App) {
    let mode = app.key_mode();
    let partners = matches!(mode, KeyMode::List | KeyMode::Detail) && app.selection_is_partners();
    let mut hints: Vec<(String, &str, bool)> = app
        .keys
        .hints(mode, app.tab)
        .into_iter()
        .filter(|(_, action, _)| app.offers(action))
        // Nothing to tick in a detail without milestones or actions.
        .filter(|(_, action, _)| {
            !(*action == Action::Toggle && mode == KeyMode::Detail && app.detail_items() == 0)
        })
        // A partner's record offers only what works on it.
        .filter(|(_, action, _)| {
            if *action == Action::Toggle && mode == KeyMode::Detail && app.tab == Tab::Journal {
                // Only an action the user may tick (theirs, on the
                // partner's record of a meeting).
                return app.detail_tickable();
            }
            !(partners && changes_the_selection(action))
        })
        .map(|(key, action, words)| {
            // Help and quitting are never crowded out.
            let pinned = matches!(action, Action::Help | Action::Quit);
            (key, words, pinned)
        })
        .collect();
    // A filter kept with Enter says how to clear it.
    if mode == KeyMode::List && !app.tab_state(app.tab).filter.is_empty() {
        hints.insert(
            0,
            (
                app.keys.label(KeyMode::List, &Action::Back),
                "clear filter",
                true,
            ),
        );
    }
    let cost = |(keys, hint): &(String, &str)| width(keys) + 1 + width(hint) + 2;
    let (pinned, rest): (Vec<_>, Vec<_>) = hints.into_iter().partition(|h| h.2);
    let pinned: Vec<(String, &str)> = pinned.into_iter().map(|(k, w, _)| (k, w)).collect();
    let rest = rest.into_iter().map(|(k, w, _)| (k, w));
    let help = pinned;
    let mut room = (area.width as usize).saturating_sub(1 + help.iter().map(cost).sum::<usize>());
    let mut shown = Vec::new();
    for h in rest {
        if cost(&h) > room {
            break;
        }
        room -= cost(&h);
        shown.push(h);
    }
    shown.extend(help);
    let mut spans = vec![Span::raw(" ")];
    for (keys, hint) in shown {
        spans.push(Span::styled(keys, theme::key()));
        spans.push(Span::raw(format!(" {hint}  ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
